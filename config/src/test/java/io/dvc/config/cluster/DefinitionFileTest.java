package io.dvc.config.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.config.ClusterConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cluster-definition.json errors name the file, the JSON path and the reason. */
class DefinitionFileTest {
  @TempDir Path tmp;

  private String failure(final String from, final String to) throws IOException {
    final String golden = GoldenFilesTest.resource("cluster-definition.json");
    assertThat(golden).contains(from);
    final Path file =
        Files.writeString(
            tmp.resolve("cluster-definition.json"),
            golden.replaceFirst(
                java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    final Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(() -> ClusterFiles.loadDefinition(file));
    assertThat(thrown).isInstanceOf(ClusterConfigException.class);
    return thrown.getMessage().substring(file.toString().length() + 2);
  }

  @Test
  void unknownNetwork() throws IOException {
    assertThat(failure("\"hoodi\"", "\"goerli\""))
        .isEqualTo(
            "$.network: unknown network 'goerli' (known: mainnet, sepolia, holesky, hoodi or custom)");
  }

  @Test
  void forkVersionOfAnotherNetwork() throws IOException {
    assertThat(failure("0x10000910", "0x90000069"))
        .isEqualTo(
            "$.fork_version: 0x90000069 is not the genesis fork version of hoodi (0x10000910)");
  }

  @Test
  void customNetworkTakesAnyForkVersion() throws IOException {
    final String golden =
        GoldenFilesTest.resource("cluster-definition.json")
            .replace("\"hoodi\"", "\"custom\"")
            .replace("0x10000910", "0x10000038");
    final Path file = Files.writeString(tmp.resolve("d.json"), golden);
    assertThat(
            ClusterFiles.loadDefinition(file).definition().network().genesisForkVersion().toHex())
        .isEqualTo("0x10000038");
  }

  @Test
  void duplicateAddress() throws IOException {
    assertThat(failure("/ip4/10.0.0.2/tcp/3610", "/ip4/10.0.0.1/tcp/3610"))
        .isEqualTo("$.operators[1].addresses[0]: duplicate of $.operators[0].addresses[0]");
  }

  @Test
  void badPeerId() throws IOException {
    assertThat(failure("\"16Uiu2", "\"0Uiu2")).startsWith("$.operators[0].peer_id: '0Uiu2");
  }

  @Test
  void unsupportedVersion() throws IOException {
    assertThat(failure("dvc/cluster-definition/v1", "dvc/cluster-definition/v9"))
        .isEqualTo(
            "$.version: unsupported version 'dvc/cluster-definition/v9' (expected dvc/cluster-definition/v1)");
  }

  @Test
  void thresholdAboveN() throws IOException {
    assertThat(failure("\"threshold\" : 3", "\"threshold\" : 5"))
        .isEqualTo("$.threshold: threshold t=5 exceeds the number of operators n=4");
  }

  @Test
  void thresholdAtMostHalf() throws IOException {
    assertThat(failure("\"threshold\" : 3", "\"threshold\" : 2"))
        .isEqualTo("$.threshold: threshold t=2 must be more than half of n=4 (t > n/2)");
  }

  @Test
  void thresholdOfFourOutOfFourIsOnlyAWarning() throws IOException {
    final Path file =
        Files.writeString(
            tmp.resolve("d.json"),
            GoldenFilesTest.resource("cluster-definition.json")
                .replace("\"threshold\" : 3", "\"threshold\" : 4"));
    assertThat(ClusterFiles.loadDefinition(file).warnings())
        .containsExactly(
            file
                + ": $.threshold: warning: threshold t=4 differs from the recommended ceil(2n/3)=3 for n=4");
  }

  @Test
  void withdrawalTypeMustBeKnown() throws IOException {
    assertThat(failure("\"0x01\"", "\"0x03\""))
        .isEqualTo("$.withdrawal_type: '0x03' is not 0x01 or 0x02");
  }

  @Test
  void mixedCaseHexIsRefused() throws IOException {
    assertThat(
            failure(
                "0x2222222222222222222222222222222222222222",
                "0x222222222222222222222222222222222222222A"))
        .isEqualTo("$.fee_recipient: must be 0x-prefixed lower-case hex");
  }

  @Test
  void invalidJsonNamesLineAndColumn() throws IOException {
    assertThat(failure("\"name\" : \"golden-example\",", "\"name\" : \"golden-example\" "))
        .startsWith("$: not valid JSON (line ");
  }

  @Test
  void missingFile() {
    final Path file = tmp.resolve("absent.json");
    assertThatThrownBy(() -> ClusterFiles.loadDefinition(file))
        .hasMessageStartingWith(file + ": $: cannot read file (NoSuchFileException");
  }
}
