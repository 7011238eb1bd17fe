package io.dvc.slashing;

import static io.dvc.slashing.SlashingTestData.attestation;
import static io.dvc.slashing.SlashingTestData.block;
import static io.dvc.slashing.SlashingTestData.pubkey;
import static io.dvc.slashing.SlashingTestData.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.storage.InMemoryKvStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InterchangeImportExportTest {
  private static final Root CHAIN = root(5);
  private static final String PK = pubkey(1).toHex();
  private static final String PK2 = pubkey(2).toHex();
  private static final String META =
      "\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\""
          + CHAIN.toHex()
          + "\"}";
  private static final String GOOD_ENTRY =
      "{\"pubkey\":\""
          + PK
          + "\",\"signed_blocks\":[{\"slot\":\"10\"}],"
          + "\"signed_attestations\":[{\"source_epoch\":\"1\",\"target_epoch\":\"2\"}]}";

  private final SlashingProtection protection =
      SlashingProtection.open(InMemoryKvStore.create(SlashingSchema.SCHEMA), CHAIN);

  static Stream<Arguments> hostileFiles() {
    return Stream.of(
        Arguments.of("not JSON", "{\"metadata\":", "invalid JSON"),
        Arguments.of("top level array", "[]", "(root) must be an object"),
        Arguments.of("no metadata", "{\"data\":[]}", "metadata is missing"),
        Arguments.of("no data", "{" + META + "}", "data is missing"),
        Arguments.of(
            "version 4",
            "{\"metadata\":{\"interchange_format_version\":\"4\",\"genesis_validators_root\":\""
                + CHAIN.toHex()
                + "\"},\"data\":[]}",
            "metadata.interchange_format_version is \"4\""),
        Arguments.of(
            "short root",
            "{\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\"0x12\"},\"data\":[]}",
            "metadata.genesis_validators_root is not a 32-byte"),
        Arguments.of(
            "bad pubkey in second entry",
            "{"
                + META
                + ",\"data\":["
                + GOOD_ENTRY
                + ",{\"pubkey\":\"0xzz\",\"signed_blocks\":[],"
                + "\"signed_attestations\":[]}]}",
            "data[1].pubkey is not a 48-byte"),
        Arguments.of(
            "negative slot",
            entry("[{\"slot\":\"-1\"}]", "[]"),
            "data[1].signed_blocks[0].slot \"-1\" is not a decimal uint64"),
        Arguments.of(
            "slot above uint64",
            entry("[{\"slot\":\"18446744073709551616\"}]", "[]"),
            "data[1].signed_blocks[0].slot"),
        Arguments.of(
            "numeric epoch",
            entry("[]", "[{\"source_epoch\":1,\"target_epoch\":\"2\"}]"),
            "data[1].signed_attestations[0].source_epoch must be a string but is a number"),
        Arguments.of(
            "missing target",
            entry("[]", "[{\"source_epoch\":\"1\"}]"),
            "data[1].signed_attestations[0].target_epoch is missing"),
        Arguments.of(
            "bad signing root",
            entry("[{\"slot\":\"3\",\"signing_root\":\"0x1234\"}]", "[]"),
            "data[1].signed_blocks[0].signing_root is not a 32-byte"),
        Arguments.of(
            "missing signed_blocks",
            "{" + META + ",\"data\":[{\"pubkey\":\"" + PK2 + "\",\"signed_attestations\":[]}]}",
            "data[0].signed_blocks is missing"),
        Arguments.of(
            "duplicate field",
            "{" + META + "," + META + ",\"data\":[]}",
            "invalid JSON at /metadata"),
        Arguments.of(
            "deep nesting", "{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}", "invalid JSON"),
        Arguments.of("trailing content", "{" + META + ",\"data\":[]} {}", "unexpected content"),
        Arguments.of(
            "not text in the detected encoding (found by the fuzzer)",
            "{\u0000\u0000\u0000" + META + ",\"data\":[]}",
            "invalid JSON: not valid UTF-8, UTF-16 or UTF-32 text"),
        Arguments.of(
            "control bytes in a slot (escaped, audit #7)",
            entry("[{\"slot\":\"1\\u001b[2J\\nfile.json: imported\"}]", "[]"),
            "slot \"1\\x1b[2J\\nfile.json: imported\" is not a decimal uint64"),
        Arguments.of(
            "line break in the format version (escaped, audit #7)",
            "{\"metadata\":{\"interchange_format_version\":\"5\\r\\nforged\",\"genesis_validators_root\":\""
                + CHAIN.toHex()
                + "\"},\"data\":[]}",
            "metadata.interchange_format_version is \"5\\r\\nforged\""),
        Arguments.of(
            "other chain",
            "{\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\""
                + root(6).toHex()
                + "\"},\"data\":["
                + GOOD_ENTRY
                + "]}",
            "metadata.genesis_validators_root " + root(6).toHex() + " differs"));
  }

  private static String entry(final String blocks, final String attestations) {
    return "{"
        + META
        + ",\"data\":["
        + GOOD_ENTRY
        + ",{\"pubkey\":\""
        + PK2
        + "\",\"signed_blocks\":"
        + blocks
        + ",\"signed_attestations\":"
        + attestations
        + "}]}";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFiles")
  void hostileFileIsRefusedWholeNamingTheField(
      final String name, final String json, final String message) {
    final String before = export();
    assertThatThrownBy(() -> importJson(json))
        .isInstanceOf(InterchangeFormatException.class)
        .hasMessageStartingWith("file.json: ")
        .hasMessageContaining(message)
        .satisfies(
            e -> assertThat(e.getMessage().chars().noneMatch(c -> c < 0x20 || c == 0x7f)).isTrue());
    assertThat(export()).isEqualTo(before);
    assertThat(protection.state(pubkey(1))).isEqualTo(ValidatorState.EMPTY);
  }

  @Test
  void exportThenImportElsewhereReproducesHistoryAndExport() {
    protection.checkAndRecordBlock(block(pubkey(1), 40, 4));
    protection.checkAndRecordAttestation(attestation(pubkey(1), 3, 4, 7));
    protection.checkAndRecordAttestation(attestation(pubkey(2), 2, 9, 8));
    final String exported = export();
    final SlashingProtection other =
        SlashingProtection.openExisting(InMemoryKvStore.create(SlashingSchema.SCHEMA));
    other.importInterchange(
        new ByteArrayInputStream(exported.getBytes(StandardCharsets.UTF_8)), "export.json");
    assertThat(other.genesisValidatorsRoot()).contains(CHAIN);
    assertThat(other.signedAttestations(pubkey(2)))
        .containsExactly(new SignedAttestationRecord(2, 9, Optional.of(root(8))));
    assertThat(other.signedBlocks(pubkey(1)))
        .containsExactly(new SignedBlockRecord(40, Optional.of(root(4))));
    assertThat(other.checkAndRecordAttestation(attestation(pubkey(1), 3, 4, 7)).reason())
        .contains(RefusalReason.TARGET_AT_OR_BELOW_LOW_WATERMARK);
    final ByteArrayOutputStream again = new ByteArrayOutputStream();
    other.exportInterchange(again);
    assertThat(again.toString(StandardCharsets.UTF_8)).isEqualTo(exported);
  }

  @Test
  void importMergesAndNeverLowersAWatermark() {
    importJson(
        "{"
            + META
            + ",\"data\":[{\"pubkey\":\""
            + PK
            + "\",\"signed_blocks\":[{\"slot\":\"50\"}],"
            + "\"signed_attestations\":[{\"source_epoch\":\"10\",\"target_epoch\":\"11\"}]}]}");
    importJson(
        "{"
            + META
            + ",\"data\":[{\"pubkey\":\""
            + PK
            + "\",\"signed_blocks\":[{\"slot\":\"20\"}],"
            + "\"signed_attestations\":[{\"source_epoch\":\"1\",\"target_epoch\":\"2\"}]}]}");
    final ValidatorState state = protection.state(pubkey(1));
    assertThat(state.slotWatermark()).isEqualTo(OptionalLong.of(50));
    assertThat(state.sourceEpochWatermark()).isEqualTo(OptionalLong.of(10));
    assertThat(state.targetEpochWatermark()).isEqualTo(OptionalLong.of(11));
    assertThat(protection.signedBlocks(pubkey(1))).hasSize(2);
    assertThat(protection.signedAttestations(pubkey(1))).hasSize(2);
  }

  @Test
  void exportAfterPruningStillRefusesWhatThePrunedHistoryRefused() {
    for (long epoch = 1; epoch <= 10; epoch++) {
      protection.checkAndRecordAttestation(attestation(pubkey(1), epoch - 1, epoch, epoch));
    }
    protection.prune(new PruningConfig(2, 2));
    final String exported = export();
    assertThat(exported)
        .doesNotContain("\"target_epoch\" : \"7\"")
        .contains("\"target_epoch\" : \"8\"");
    final SlashingProtection other =
        SlashingProtection.openExisting(InMemoryKvStore.create(SlashingSchema.SCHEMA));
    other.importInterchange(
        new ByteArrayInputStream(exported.getBytes(StandardCharsets.UTF_8)), "export.json");
    assertThat(other.checkAndRecordAttestation(attestation(pubkey(1), 2, 3, 77)).isAllowed())
        .isFalse();
    assertThat(other.checkAndRecordAttestation(attestation(pubkey(1), 10, 11, 77)).isAllowed())
        .isTrue();
  }

  private void importJson(final String json) {
    protection.importInterchange(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "file.json");
  }

  private String export() {
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    protection.exportInterchange(output);
    return output.toString(StandardCharsets.UTF_8);
  }
}
