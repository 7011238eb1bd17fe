package io.dvc.slashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvc.common.testing.TestVectors;
import io.dvc.storage.InMemoryKvStore;
import io.dvc.storage.KvStore;
import io.dvc.storage.RocksDbKvStore;
import io.dvc.storage.RocksDbOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every case of eth-clients/slashing-protection-interchange-tests: for each step, import the
 * interchange (expecting success iff {@code should_succeed}), then check-and-record every block and
 * attestation expecting {@code should_succeed} (the minimal-strategy expectation this
 * implementation follows; see README-slashing.md). Each case runs on both stores.
 */
class InterchangeVectorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path temp;

  @TestFactory
  Stream<DynamicTest> inMemoryStore() {
    return cases()
        .map(
            file ->
                dynamicTest(
                    name(file), () -> run(file, InMemoryKvStore.create(SlashingSchema.SCHEMA))));
  }

  @TestFactory
  Stream<DynamicTest> rocksDbStore() {
    return cases()
        .map(
            file ->
                dynamicTest(
                    name(file),
                    () ->
                        run(
                            file,
                            RocksDbKvStore.open(
                                temp.resolve(name(file)),
                                SlashingSchema.SCHEMA,
                                RocksDbOptions.smallNode()))));
  }

  private static Stream<Path> cases() {
    final Path folder = TestVectors.folder("slashing-protection-interchange-tests");
    return TestVectors.files(folder.resolve("tests"), ".json").stream();
  }

  private static String name(final Path file) {
    return file.getFileName().toString().replace(".json", "");
  }

  private static void run(final Path file, final KvStore store) throws IOException {
    try (store) {
      final JsonNode test = MAPPER.readTree(file.toFile());
      final SlashingProtection protection =
          SlashingProtection.open(
              store, Root.fromHex(test.get("genesis_validators_root").asText()));
      final List<String> mismatches = new ArrayList<>();
      int stepIndex = 0;
      for (final JsonNode step : test.get("steps")) {
        runStep(protection, step, "step " + stepIndex, mismatches);
        stepIndex++;
      }
      assertThat(mismatches).as(test.get("name").asText()).isEmpty();
    }
  }

  private static void runStep(
      final SlashingProtection protection,
      final JsonNode step,
      final String where,
      final List<String> mismatches)
      throws IOException {
    final byte[] interchange = MAPPER.writeValueAsBytes(step.get("interchange"));
    boolean imported;
    String importError = "";
    try {
      protection.importInterchange(new ByteArrayInputStream(interchange), "interchange");
      imported = true;
    } catch (final InterchangeFormatException e) {
      imported = false;
      importError = e.getMessage();
    }
    if (imported != step.get("should_succeed").asBoolean()) {
      mismatches.add(where + " import: expected " + step.get("should_succeed") + " " + importError);
    }
    int index = 0;
    for (final JsonNode block : step.get("blocks")) {
      final SigningDecision decision =
          protection.checkAndRecordBlock(
              new BlockSigningRequest(
                  Pubkey.fromHex(block.get("pubkey").asText()),
                  Long.parseUnsignedLong(block.get("slot").asText()),
                  Root.fromHex(block.get("signing_root").asText())));
      expect(decision, block, where + " blocks[" + index++ + "]", mismatches);
    }
    index = 0;
    for (final JsonNode attestation : step.get("attestations")) {
      final SigningDecision decision =
          protection.checkAndRecordAttestation(
              new AttestationSigningRequest(
                  Pubkey.fromHex(attestation.get("pubkey").asText()),
                  Long.parseUnsignedLong(attestation.get("source_epoch").asText()),
                  Long.parseUnsignedLong(attestation.get("target_epoch").asText()),
                  Root.fromHex(attestation.get("signing_root").asText())));
      expect(decision, attestation, where + " attestations[" + index++ + "]", mismatches);
    }
  }

  private static void expect(
      final SigningDecision decision,
      final JsonNode check,
      final String where,
      final List<String> mismatches) {
    final boolean expected = check.get("should_succeed").asBoolean();
    if (decision.isAllowed() != expected) {
      mismatches.add(where + ": expected should_succeed=" + expected + " but got " + decision);
    }
  }
}
