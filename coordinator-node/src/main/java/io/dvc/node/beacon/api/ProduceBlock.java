package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconApiException;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.ForkName;
import io.dvc.spec.ForkSchemas;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import java.math.BigInteger;
import java.util.Optional;

/**
 * {@code GET /eth/v3/validator/blocks/{slot}} (full or blinded, with the block's values), and on
 * older beacon nodes {@code GET /eth/v2/validator/blocks/{slot}} (full blocks only). A block for
 * another slot or proposer, of another fork than the slot's, or with another RANDAO reveal than the
 * one asked with is that node's failure.
 *
 * @param builderBoostFactor empty = the beacon node's default; 0 = local payload only
 */
public record ProduceBlock(
    Schemas schemas,
    ForkName expectedFork,
    long slot,
    long proposerIndex,
    Bytes randaoReveal,
    Bytes graffiti,
    Optional<Long> builderBoostFactor,
    boolean v2)
    implements BeaconRequest<ProducedBlock> {

  public static ProduceBlock v3(
      final Schemas schemas,
      final ForkName fork,
      final long slot,
      final long proposerIndex,
      final Bytes randaoReveal,
      final Bytes graffiti,
      final Optional<Long> builderBoostFactor) {
    return new ProduceBlock(
        schemas, fork, slot, proposerIndex, randaoReveal, graffiti, builderBoostFactor, false);
  }

  @Override
  public Kind kind() {
    return Kind.READ;
  }

  @Override
  public String endpoint() {
    return v2 ? "/eth/v2/validator/blocks/{slot}" : "/eth/v3/validator/blocks/{slot}";
  }

  @Override
  public HttpForm form() {
    final StringBuilder path =
        new StringBuilder(v2 ? "/eth/v2/validator/blocks/" : "/eth/v3/validator/blocks/")
            .append(Long.toUnsignedString(slot))
            .append("?randao_reveal=")
            .append(randaoReveal.toHex())
            .append("&graffiti=")
            .append(graffiti.toHex());
    if (!v2) {
      builderBoostFactor.ifPresent(
          f -> path.append("&builder_boost_factor=").append(Long.toUnsignedString(f)));
    }
    return HttpForm.get(path.toString());
  }

  @Override
  public Optional<BeaconRequest<ProducedBlock>> olderForm() {
    return v2
        ? Optional.empty()
        : Optional.of(
            new ProduceBlock(
                schemas,
                expectedFork,
                slot,
                proposerIndex,
                randaoReveal,
                graffiti,
                builderBoostFactor,
                true));
  }

  @Override
  public int maxAnswerBytes() {
    return 32 << 20; // JSON of a block with blobs: hex doubles them
  }

  @Override
  public ProducedBlock read(final BeaconAnswer answer) {
    final String path = endpoint().replace("{slot}", Long.toString(slot));
    final String where = answer.node() + path;
    answer.requireSuccess(path);
    final JsonNode json = answer.json(path);
    final String version =
        json.path("version").asText(answer.header("eth-consensus-version").orElse(""));
    final ForkName fork;
    try {
      fork = ForkName.fromJsonName(version);
    } catch (final RuntimeException e) {
      throw new BeaconApiException(where + ": unknown version '" + version + "'", 200);
    }
    if (fork != expectedFork) {
      throw new BeaconApiException(
          where + ": block of fork " + version + ", slot is " + expectedFork.jsonName(), 200);
    }
    final boolean blinded = !v2 && json.path("execution_payload_blinded").asBoolean(false);
    final JsonNode data = answer.data(path);
    final ProposalBlock block;
    try {
      block = parse(schemas.at(fork), fork, blinded, data);
    } catch (final RuntimeException e) {
      throw new BeaconApiException(where + ": malformed block: " + e.getMessage(), 200);
    }
    if (block.slot() != slot || block.proposerIndex() != proposerIndex) {
      throw new BeaconApiException(
          where
              + ": block for slot "
              + block.slot()
              + " proposer "
              + block.proposerIndex()
              + ", asked slot "
              + slot
              + " proposer "
              + proposerIndex,
          200);
    }
    if (!block.randaoReveal().equals(randaoReveal)) {
      throw new BeaconApiException(where + ": block carries another RANDAO reveal", 200);
    }
    return new ProducedBlock(
        block, wei(json, "execution_payload_value"), wei(json, "consensus_block_value"));
  }

  private static ProposalBlock parse(
      final ForkSchemas schemas, final ForkName fork, final boolean blinded, final JsonNode data) {
    if (blinded) {
      return new ProposalBlock.Blinded(
          fork,
          schemas
              .blindedBeaconBlock()
              .orElseThrow(() -> new IllegalArgumentException("no blinded blocks"))
              .fromJson(data));
    }
    if (schemas.blockContents().isPresent()) {
      return new ProposalBlock.WithBlobs(fork, schemas.blockContents().get().fromJson(data));
    }
    return new ProposalBlock.Full(fork, schemas.beaconBlock().fromJson(data));
  }

  private static BigInteger wei(final JsonNode json, final String field) {
    final String text = json.path(field).asText("0");
    try {
      final BigInteger value = new BigInteger(text);
      return value.signum() < 0 ? BigInteger.ZERO : value;
    } catch (final NumberFormatException e) {
      return BigInteger.ZERO;
    }
  }

  @Override
  public String toString() {
    return "ProduceBlock[slot=" + slot + ", proposer=" + proposerIndex + "]";
  }
}
