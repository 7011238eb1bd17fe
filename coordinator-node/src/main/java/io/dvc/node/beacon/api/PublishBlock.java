package io.dvc.node.beacon.api;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.ForkSchemas;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SignedBeaconBlock;
import io.dvc.spec.types.SignedBlindedBeaconBlock;
import io.dvc.spec.types.SignedBlockContents;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes a signed block to every beacon node: {@code POST /eth/v2/beacon/blocks} (or {@code
 * blinded_blocks}) with {@code Eth-Consensus-Version} and {@code broadcast_validation=gossip}; on
 * older nodes the v1 form. 200 (imported) and 202 (broadcast, not imported) count as published.
 */
public final class PublishBlock implements BeaconRequest<Integer> {
  private final String path;
  private final String fork;
  private final String body;

  private PublishBlock(final String path, final String fork, final String body) {
    this.path = path;
    this.fork = fork;
    this.body = body;
  }

  /** The signed form of a proposal block. */
  public static PublishBlock of(
      final Schemas schemas, final ProposalBlock block, final Bytes signature) {
    final ForkSchemas fork = schemas.at(block.fork());
    final String json;
    final String kind;
    if (block instanceof ProposalBlock.Blinded b) {
      kind = "blinded_blocks";
      json =
          fork.signedBlindedBeaconBlock()
              .orElseThrow()
              .toJson(new SignedBlindedBeaconBlock(b.block(), signature))
              .toString();
    } else if (block instanceof ProposalBlock.WithBlobs w) {
      kind = "blocks";
      json =
          fork.signedBlockContents()
              .orElseThrow()
              .toJson(
                  new SignedBlockContents(
                      new SignedBeaconBlock(w.contents().block(), signature),
                      w.contents().kzgProofs(),
                      w.contents().blobs()))
              .toString();
    } else {
      kind = "blocks";
      json =
          fork.signedBeaconBlock()
              .toJson(new SignedBeaconBlock(((ProposalBlock.Full) block).block(), signature))
              .toString();
    }
    return new PublishBlock("/eth/v2/beacon/" + kind, block.fork().jsonName(), json);
  }

  @Override
  public Kind kind() {
    return Kind.WRITE;
  }

  @Override
  public String endpoint() {
    return path;
  }

  @Override
  public HttpForm form() {
    final String query = path.startsWith("/eth/v2/") ? "?broadcast_validation=gossip" : "";
    return HttpForm.postJson(path + query, body, Map.of("Eth-Consensus-Version", fork));
  }

  @Override
  public Optional<BeaconRequest<Integer>> olderForm() {
    return path.startsWith("/eth/v2/")
        ? Optional.of(new PublishBlock(path.replace("/eth/v2/", "/eth/v1/"), fork, body))
        : Optional.empty();
  }

  @Override
  public int maxAnswerBytes() {
    return 64 << 10;
  }

  /** The HTTP status (200 or 202). */
  @Override
  public Integer read(final BeaconAnswer answer) {
    answer.requireSuccess(path);
    return answer.status();
  }
}
