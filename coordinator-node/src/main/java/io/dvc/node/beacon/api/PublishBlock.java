package io.dvc.node.beacon.api;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.ForkSchemas;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.ContainerType;
import io.dvc.spec.types.SignedBeaconBlock;
import io.dvc.spec.types.SignedBlindedBeaconBlock;
import io.dvc.spec.types.SignedBlockContents;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes a signed block to every beacon node: {@code POST /eth/v2/beacon/blocks} (or {@code
 * blinded_blocks}) with {@code Eth-Consensus-Version} and {@code broadcast_validation=gossip}, the
 * body as SSZ (half the bytes of JSON's hex for blobs); a node that does not take SSZ (415) gets
 * JSON, and a node without the v2 form (404/405) the v1 form. 200 (imported) and 202 (broadcast,
 * not imported) count as published.
 */
public final class PublishBlock implements BeaconRequest<Integer> {
  private enum Form {
    V2_SSZ,
    V2_JSON,
    V1_JSON
  }

  private final String kind;
  private final String fork;
  private final Form form;
  private final Encoded body;

  /** The signed block in both encodings (each made when first needed). */
  private static final class Encoded {
    private final java.util.function.Supplier<byte[]> ssz;
    private final java.util.function.Supplier<String> json;
    private byte[] sszBytes;
    private String jsonText;

    <T> Encoded(final ContainerType<T> type, final T value) {
      this.ssz = () -> type.serialize(value);
      this.json = () -> type.toJson(value).toString();
    }

    synchronized byte[] ssz() {
      if (sszBytes == null) {
        sszBytes = ssz.get();
      }
      return sszBytes;
    }

    synchronized String json() {
      if (jsonText == null) {
        jsonText = json.get();
      }
      return jsonText;
    }
  }

  private PublishBlock(final String kind, final String fork, final Form form, final Encoded body) {
    this.kind = kind;
    this.fork = fork;
    this.form = form;
    this.body = body;
  }

  /** The signed form of a proposal block. */
  public static PublishBlock of(
      final Schemas schemas, final ProposalBlock block, final Bytes signature) {
    final ForkSchemas fork = schemas.at(block.fork());
    final Encoded encoded;
    final String kind;
    if (block instanceof ProposalBlock.Blinded b) {
      kind = "blinded_blocks";
      encoded =
          new Encoded(
              fork.signedBlindedBeaconBlock().orElseThrow(),
              new SignedBlindedBeaconBlock(b.block(), signature));
    } else if (block instanceof ProposalBlock.WithBlobs w) {
      kind = "blocks";
      encoded =
          new Encoded(
              fork.signedBlockContents().orElseThrow(),
              new SignedBlockContents(
                  new SignedBeaconBlock(w.contents().block(), signature),
                  w.contents().kzgProofs(),
                  w.contents().blobs()));
    } else {
      kind = "blocks";
      encoded =
          new Encoded(
              fork.signedBeaconBlock(),
              new SignedBeaconBlock(((ProposalBlock.Full) block).block(), signature));
    }
    return new PublishBlock(kind, block.fork().jsonName(), Form.V2_SSZ, encoded);
  }

  @Override
  public Kind kind() {
    return Kind.WRITE;
  }

  @Override
  public String endpoint() {
    return (form == Form.V1_JSON ? "/eth/v1/beacon/" : "/eth/v2/beacon/") + kind;
  }

  @Override
  public HttpForm form() {
    final Map<String, String> headers = Map.of("Eth-Consensus-Version", fork);
    return switch (form) {
      case V2_SSZ ->
          new HttpForm(
              "POST",
              endpoint() + "?broadcast_validation=gossip",
              HttpForm.JSON,
              headers,
              Optional.of(new HttpForm.Body(HttpForm.SSZ, body.ssz())));
      case V2_JSON ->
          HttpForm.postJson(endpoint() + "?broadcast_validation=gossip", body.json(), headers);
      case V1_JSON -> HttpForm.postJson(endpoint(), body.json(), headers);
    };
  }

  @Override
  public Optional<BeaconRequest<Integer>> olderForm() {
    return switch (form) {
      case V2_SSZ -> Optional.of(new PublishBlock(kind, fork, Form.V2_JSON, body));
      case V2_JSON -> Optional.of(new PublishBlock(kind, fork, Form.V1_JSON, body));
      case V1_JSON -> Optional.empty();
    };
  }

  @Override
  public int maxAnswerBytes() {
    return 64 << 10;
  }

  /** The HTTP status (200 or 202). */
  @Override
  public Integer read(final BeaconAnswer answer) {
    if (answer.saysAlreadyKnown()) {
      return 200; // another operator of the cluster published the same block first
    }
    answer.requireSuccess(endpoint());
    return answer.status();
  }
}
