package io.dvc.slashing;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Writes the complete history held as an EIP-3076 v5 interchange with Jackson's streaming
 * generator, one validator at a time. A low watermark that no exported record reaches (its records
 * were pruned) is written as one extra record without a signing root, so an importer refuses the
 * same slots and epochs we do.
 */
public final class InterchangeV5Exporter {
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  /** What an export wrote. */
  public record Result(int validators, long blocks, long attestations) {}

  private final SlashingHistory history;
  private final Root genesisValidatorsRoot;

  InterchangeV5Exporter(final SlashingHistory history, final Root genesisValidatorsRoot) {
    this.history = history;
    this.genesisValidatorsRoot = genesisValidatorsRoot;
  }

  Result write(final OutputStream output) {
    try (JsonGenerator json = JSON.createGenerator(output, JsonEncoding.UTF8)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeObjectFieldStart("metadata");
      json.writeStringField("interchange_format_version", InterchangeV5Reader.FORMAT_VERSION);
      json.writeStringField("genesis_validators_root", genesisValidatorsRoot.toHex());
      json.writeEndObject();
      json.writeArrayFieldStart("data");
      int validators = 0;
      long blocks = 0;
      long attestations = 0;
      for (final Pubkey pubkey : history.validators()) {
        json.writeStartObject();
        json.writeStringField("pubkey", pubkey.toHex());
        final ValidatorState state = history.state(pubkey);
        blocks += writeBlocks(json, history.blocks(pubkey), state);
        attestations += writeAttestations(json, history.attestations(pubkey), state);
        json.writeEndObject();
        validators++;
      }
      json.writeEndArray();
      json.writeEndObject();
      json.flush();
      return new Result(validators, blocks, attestations);
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot write the interchange", e);
    }
  }

  private static long writeBlocks(
      final JsonGenerator json, final List<SignedBlockRecord> blocks, final ValidatorState state)
      throws IOException {
    json.writeArrayFieldStart("signed_blocks");
    long maxSlot = -1;
    boolean any = false;
    for (final SignedBlockRecord block : blocks) {
      json.writeStartObject();
      json.writeStringField("slot", UInt64.toString(block.slot()));
      if (block.signingRoot().isPresent()) {
        json.writeStringField("signing_root", block.signingRoot().get().toHex());
      }
      json.writeEndObject();
      maxSlot = any ? UInt64.max(maxSlot, block.slot()) : block.slot();
      any = true;
    }
    long written = blocks.size();
    final OptionalLong watermark = state.slotWatermark();
    if (watermark.isPresent() && (!any || UInt64.lessThan(maxSlot, watermark.getAsLong()))) {
      json.writeStartObject();
      json.writeStringField("slot", UInt64.toString(watermark.getAsLong()));
      json.writeEndObject();
      written++;
    }
    json.writeEndArray();
    return written;
  }

  private static long writeAttestations(
      final JsonGenerator json,
      final List<SignedAttestationRecord> attestations,
      final ValidatorState state)
      throws IOException {
    json.writeArrayFieldStart("signed_attestations");
    OptionalLong maxSource = OptionalLong.empty();
    OptionalLong maxTarget = OptionalLong.empty();
    for (final SignedAttestationRecord attestation : attestations) {
      json.writeStartObject();
      json.writeStringField("source_epoch", UInt64.toString(attestation.sourceEpoch()));
      json.writeStringField("target_epoch", UInt64.toString(attestation.targetEpoch()));
      if (attestation.signingRoot().isPresent()) {
        json.writeStringField("signing_root", attestation.signingRoot().get().toHex());
      }
      json.writeEndObject();
      maxSource = ValidatorState.max(maxSource, attestation.sourceEpoch());
      maxTarget = ValidatorState.max(maxTarget, attestation.targetEpoch());
    }
    long written = attestations.size();
    if (below(maxSource, state.sourceEpochWatermark())
        || below(maxTarget, state.targetEpochWatermark())) {
      json.writeStartObject();
      json.writeStringField(
          "source_epoch", UInt64.toString(state.sourceEpochWatermark().orElseThrow()));
      json.writeStringField(
          "target_epoch", UInt64.toString(state.targetEpochWatermark().orElseThrow()));
      json.writeEndObject();
      written++;
    }
    json.writeEndArray();
    return written;
  }

  private static boolean below(final OptionalLong exported, final OptionalLong watermark) {
    return watermark.isPresent()
        && (exported.isEmpty() || UInt64.lessThan(exported.getAsLong(), watermark.getAsLong()));
  }
}
