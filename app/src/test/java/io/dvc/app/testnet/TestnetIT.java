package io.dvc.app.testnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short real testnet: beacon-sim and four operator nodes as separate processes on loopback, one
 * epoch of the minimal preset with eight validators; asserts on the JSON report (attestations,
 * proposals, aggregation, sync committee messages and contributions).
 */
class TestnetIT {

  @Test
  @Timeout(300)
  void everyDutyOfEveryTypeOfAShortTestnetSucceedsWithNothingInvalidOrSlashable(
      @TempDir final Path dir) throws Exception {
    final Path report = dir.resolve("report.json");
    final TestnetOptions options =
        new TestnetOptions(
            4,
            OptionalInt.empty(),
            8,
            0,
            4, // 4 s slots: six JVMs share this machine's 2 cores, and a block must fit its slot
            2,
            "electra",
            "minimal",
            List.of(),
            List.of(),
            Optional.of(report),
            Optional.of(dir.resolve("cluster")),
            256,
            20,
            false,
            0);
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    final int exit =
        new TestnetRunner(options, new PrintStream(output, true, StandardCharsets.UTF_8)).run();
    final String printed = output.toString(StandardCharsets.UTF_8);
    final JsonNode json = new ObjectMapper().readTree(Files.readString(report));
    assertThat(json.path("duties").path("expected").asLong()).as(printed).isEqualTo(16);
    assertThat(json.path("duties").path("succeeded").asLong()).as(printed).isEqualTo(16);
    assertThat(json.path("invalid_signatures").asLong()).isZero();
    assertThat(json.path("slashable_pairs").asLong()).isZero();
    final JsonNode proposals = json.path("proposals");
    assertThat(proposals.path("expected").asLong()).as(printed).isPositive();
    assertThat(proposals.path("included").asLong())
        .as(printed)
        .isEqualTo(proposals.path("expected").asLong());
    assertThat(proposals.path("invalid").asLong()).isZero();
    assertThat(proposals.path("slashable").asLong()).isZero();
    // minimal preset, committees of one: every attester aggregates, every sync member contributes
    for (final String type : List.of("aggregation", "sync_message", "sync_contribution")) {
      final JsonNode section = json.path(type);
      assertThat(section.path("expected").asLong()).as(type + "\n" + printed).isPositive();
      assertThat(section.path("succeeded").asLong())
          .as(type + "\n" + printed)
          .isEqualTo(section.path("expected").asLong());
      assertThat(section.path("invalid_signatures").asLong()).as(type).isZero();
    }
    assertThat(json.path("passed").asBoolean()).isTrue();
    assertThat(exit).isZero();
  }
}
