package io.dvc.app.testnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.operator.OperatorConfigException;
import io.dvc.config.operator.OperatorDirectoryLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dvc testnet --dkg} and {@code --dkg --reshare}: the cluster made by four {@code dvc dkg}
 * processes over libp2p on loopback (and then operator 4 replaced by four {@code dvc reshare}
 * processes: three dealers and the newcomer), then a short testnet like {@link TestnetIT} (minimal
 * preset, eight validators, two epochs; 12 s slots) with the same assertions on the report.
 */
class TestnetDkgIT {

  @ParameterizedTest(name = "reshare={0}")
  @ValueSource(booleans = {false, true})
  @Timeout(1500)
  void aClusterMadeByDkgPerformsEveryDutyOfAShortTestnet(
      final boolean reshare, @TempDir final Path dir) throws Exception {
    final Path report = dir.resolve("report.json");
    final TestnetOptions options =
        new TestnetOptions(
            4,
            OptionalInt.empty(),
            8,
            0,
            // 12 s slots: the ceremonies' JVMs and then six node JVMs share 2 loaded cores; at 4 s
            // (TestnetIT) a loaded machine starves the nodes and duties miss their slots
            12,
            2,
            "electra",
            "minimal",
            List.of(),
            List.of(),
            Optional.of(report),
            Optional.of(dir.resolve("cluster")),
            256,
            60, // genesis delay: the nodes finish their start-up rehearsal before slot 0
            false,
            0,
            List.of(),
            true,
            reshare);
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    final int exit =
        new TestnetRunner(options, new PrintStream(output, true, StandardCharsets.UTF_8)).run();
    final String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(printed).as(printed).contains("DKG among 4 dvc dkg processes");
    final JsonNode json = new ObjectMapper().readTree(Files.readString(report));
    assertThat(json.path("config").path("key_ceremony").asText()).isEqualTo("dkg");
    assertThat(json.path("duties").path("expected").asLong()).as(printed).isEqualTo(16);
    assertThat(json.path("duties").path("succeeded").asLong()).as(printed).isEqualTo(16);
    assertThat(json.path("invalid_signatures").asLong()).isZero();
    assertThat(json.path("slashable_pairs").asLong()).isZero();
    final JsonNode proposals = json.path("proposals");
    assertThat(proposals.path("expected").asLong()).as(printed).isPositive();
    assertThat(proposals.path("included").asLong())
        .as(printed)
        .isEqualTo(proposals.path("expected").asLong());
    assertThat(json.path("passed").asBoolean()).as(printed).isTrue();
    assertThat(exit).isZero();
    if (reshare) {
      assertThat(printed).contains("operator 4 'operator-4' replaced by 'operator-4-new'");
      final Path kept = dir.resolve("cluster");
      final ClusterLock old =
          ClusterFiles.loadLock(
                  kept.resolve("dkg/cluster/operator-1").resolve(ClusterFiles.LOCK_FILE))
              .lock();
      final ClusterLock lock =
          ClusterFiles.loadLock(
                  kept.resolve("reshared/operator-4-new").resolve(ClusterFiles.LOCK_FILE))
              .lock();
      assertThat(lock.predecessorLockHash()).contains(old.lockHash());
      for (int v = 0; v < 8; v++) {
        assertThat(lock.validators().get(v).distributedPublicKey())
            .isEqualTo(old.validators().get(v).distributedPublicKey());
      }
      // the departed operator's directory does not run with the new lock
      final Path departed = kept.resolve("dkg/cluster/operator-4");
      Files.copy(
          kept.resolve("reshared/operator-1").resolve(ClusterFiles.LOCK_FILE),
          departed.resolve(ClusterFiles.LOCK_FILE),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Assertions.assertThatThrownBy(() -> OperatorDirectoryLoader.load(departed))
          .isInstanceOf(OperatorConfigException.class)
          .hasMessageContaining("is not an operator of");
    }
  }
}
