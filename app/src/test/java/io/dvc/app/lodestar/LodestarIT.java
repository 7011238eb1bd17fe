package io.dvc.app.lodestar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DVC against a real beacon node ({@link LodestarTestnet}, as {@code dvc testnet --beacon lodestar}
 * runs it): a Lodestar 1.5.1 dev chain on loopback (8 interop validators, Capella from genesis,
 * 4-second slots) whose own validator client runs interop keys 0–3, while a 4-operator DVC cluster
 * (four {@code dvc run} processes, libp2p on loopback) runs keys 4–7. Lodestar is the judge: its
 * liveness endpoint must show 4–7 live in each of the three epochs after the one in which all four
 * nodes became ready (it does so only for validators whose signed attestations it verified and
 * accepted), and every block due from 4–7 in those epochs must be in its chain. (Lodestar's own
 * validators 0–3 are reported, not asserted: on an overloaded machine its own client misses epochs
 * too.) Beyond that ({@link LodestarFindings}): finality advances to at least the first judged
 * epoch, the attestations of 4–7 of every judged epoch are in Lodestar's blocks (their one-member
 * committees: only the cluster's own aggregates bring them there), their sync-aggregate bits are
 * set in at least 80 % of their seats, their builder registrations reach Lodestar's builder valid
 * in every judged epoch, and the exit of validator 7 asked for with {@code dvc exit} reaches
 * Lodestar's pool.
 *
 * <p>Logs stay in target/lodestar-it (lodestar.log, node-I.log).
 */
class LodestarIT {
  @Test
  @Timeout(720)
  void clusterValidatorsAttestAggregateSyncRegisterAndExitOnLodestar() throws Exception {
    final LodestarInstallation installation =
        new LodestarInstallation(Path.of(System.getProperty("dvc.lodestar.dir", "lodestar")));
    assertTrue(
        installation.installed(),
        "Lodestar is not installed in " + installation.directory() + " (mvn verify installs it)");
    final Path dir = workDirectory();
    final LodestarTestnetReport report =
        new LodestarTestnet(
                new LodestarTestnet.Settings(4, 4, 3, 4, 30, 256, installation, true),
                new PrintStream(System.out, true))
            .run(dir);
    report.print(System.out);
    System.out.printf("liveness by epoch (index=is_live): %s%n", report.liveness());
    assertThat(report.liveness()).hasSize(3);
    for (final var epoch : report.notLive().entrySet()) {
      assertThat(epoch.getValue())
          .as(
              "validators 4-7 (the cluster's) not live in epoch %d; nodes ready in epoch %d;"
                  + " liveness %s; logs in %s",
              epoch.getKey(), report.readyEpoch(), report.liveness(), dir)
          .isEqualTo(List.of());
    }
    assertThat(report.proposalsInChain())
        .as("blocks of validators 4-7 after epoch %d; logs in %s", report.readyEpoch(), dir)
        .isEqualTo(report.proposalsDue());
    final LodestarFindings findings = report.findings();
    assertThat(findings.lastFinalized())
        .as(
            "finalized epoch after the judged epochs (per epoch %s); logs in %s",
            findings.finality(), dir)
        .isGreaterThanOrEqualTo(report.readyEpoch() + 1);
    assertThat(findings.attestationsNotIncluded())
        .as("attestations of validators 4-7 that no block included, by epoch; logs in %s", dir)
        .hasSize(3)
        .allSatisfy((epoch, missing) -> assertThat(missing).isEmpty());
    assertThat(findings.syncBelowMinimum())
        .as(
            "validators 4-7 whose sync bits are set in < 80%% of their seats: %s; logs in %s",
            findings.syncParticipation(), dir)
        .isEmpty();
    assertThat(findings.syncParticipation().keySet())
        .as("validators 4-7 in the sync committee")
        .containsAnyOf(4, 5, 6, 7);
    assertThat(findings.registrationsInvalid()).as("registrations the builder refused").isEmpty();
    assertThat(findings.registrationsMissing())
        .as("validators 4-7 without a valid registration at Lodestar's builder, by epoch")
        .allSatisfy((epoch, missing) -> assertThat(missing).isEmpty());
    assertThat(findings.exit()).isNotNull();
    assertThat(findings.exit().accepted())
        .as(
            "voluntary exit of validator 7 in Lodestar's pool or state; dvc exit said %s",
            findings.exit().output())
        .isTrue();
    assertThat(report.passed()).isTrue();
  }

  private static Path workDirectory() throws IOException {
    final String configured = System.getProperty("dvc.lodestar.workDir");
    if (configured == null || configured.isBlank()) {
      return Files.createTempDirectory("dvc-lodestar-it-");
    }
    final Path base = Files.createDirectories(Path.of(configured));
    return Files.createTempDirectory(base, "run-");
  }
}
