package io.dvc.slashing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.storage.RocksDbKvStore;
import io.dvc.storage.RocksDbOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a signing child JVM with SIGKILL at random moments, 22 times, and checks after every kill
 * that each attestation the child reported as approved is in the database, and that everything ever
 * approved, over all runs, holds no slashable pair.
 */
class SlashingCrashIT {
  private static final int VALIDATORS = 1000;
  private static final int KILLS = 22;

  @TempDir Path temp;

  /** One approval as reported by the child. */
  record Approval(int validator, long source, long target, int variant) {}

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void approvedAttestationsSurviveSigkillAndNeverConflict() throws Exception {
    final Path database = temp.resolve("db");
    final Random random = new Random(20261122L);
    final List<Approval> everApproved = new ArrayList<>();
    int killsAfterReady = 0;
    long refusals = 0;
    for (int run = 0; run < KILLS; run++) {
      final ChildRun child = ChildRun.start(database, run, random.nextLong());
      final boolean early = run % 5 == 4;
      if (early) {
        Thread.sleep(random.nextInt(600));
      } else {
        assertThat(child.ready.await(60, TimeUnit.SECONDS)).as("child %d ready", run).isTrue();
        Thread.sleep(200 + random.nextInt(900));
      }
      child.process.destroyForcibly();
      assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      child.reader.join(30_000);
      killsAfterReady += child.ready.getCount() == 0 ? 1 : 0;
      refusals += child.refusals;
      assertInDatabase(database, child.approvals);
      everApproved.addAll(child.approvals);
    }
    System.out.printf(
        "%d kills (%d after READY), %d approvals, %d refusals%n",
        KILLS, killsAfterReady, everApproved.size(), refusals);
    assertThat(killsAfterReady).isGreaterThanOrEqualTo(17);
    assertThat(everApproved.size()).isGreaterThan(VALIDATORS * KILLS);
    assertThat(refusals).isPositive();
    assertNoSlashablePair(everApproved);
  }

  private static void assertInDatabase(final Path database, final List<Approval> approvals) {
    try (RocksDbKvStore store =
        RocksDbKvStore.open(database, SlashingSchema.SCHEMA, RocksDbOptions.smallNode())) {
      final SlashingProtection protection = SlashingProtection.open(store, CrashTestSigner.CHAIN);
      final Map<Integer, Set<SignedAttestationRecord>> held = new HashMap<>();
      for (final Approval approval : approvals) {
        final Set<SignedAttestationRecord> records =
            held.computeIfAbsent(
                approval.validator(),
                v -> new HashSet<>(protection.signedAttestations(SlashingTestData.pubkey(v))));
        final SignedAttestationRecord expected =
            new SignedAttestationRecord(
                approval.source(),
                approval.target(),
                Optional.of(
                    CrashTestSigner.signingRoot(
                        approval.validator(),
                        approval.source(),
                        approval.target(),
                        approval.variant())));
        assertThat(records).as("approved %s is in the database", approval).contains(expected);
      }
    }
  }

  private static void assertNoSlashablePair(final List<Approval> approvals) {
    final Map<Integer, Map<Long, Approval>> byTarget = new HashMap<>();
    for (final Approval approval : approvals) {
      final Map<Long, Approval> targets =
          byTarget.computeIfAbsent(approval.validator(), v -> new HashMap<>());
      final Approval same = targets.putIfAbsent(approval.target(), approval);
      assertThat(same == null || same.equals(approval))
          .as("double vote %s and %s", same, approval)
          .isTrue();
    }
    for (final Map<Long, Approval> targets : byTarget.values()) {
      final List<Approval> distinct = new ArrayList<>(targets.values());
      for (final Approval a : distinct) {
        for (final Approval b : distinct) {
          assertThat(a.source() < b.source() && b.target() < a.target())
              .as("%s surrounds %s", a, b)
              .isFalse();
        }
      }
    }
  }

  /** A running child and the thread reading its stdout. */
  private static final class ChildRun {
    final Process process;
    final CountDownLatch ready = new CountDownLatch(1);
    final List<Approval> approvals = new ArrayList<>();
    final Thread reader;
    long refusals;

    private ChildRun(final Process process) {
      this.process = process;
      this.reader = new Thread(this::readOutput, "crash-child-reader");
      this.reader.start();
    }

    static ChildRun start(final Path database, final int run, final long seed) throws IOException {
      final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      final ProcessBuilder builder =
          new ProcessBuilder(
              java,
              "-Xmx256m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-cp",
              System.getProperty("java.class.path"),
              CrashTestSigner.class.getName(),
              database.toString(),
              Integer.toString(VALIDATORS),
              Integer.toString(run),
              Long.toString(seed));
      builder.redirectError(ProcessBuilder.Redirect.DISCARD);
      return new ChildRun(builder.start());
    }

    /** Only lines ended by a newline count: a line cut by the kill is ignored. */
    private void readOutput() {
      try (InputStream stream = process.getInputStream();
          Reader input = new InputStreamReader(stream, StandardCharsets.US_ASCII)) {
        final StringBuilder line = new StringBuilder();
        int c;
        while ((c = input.read()) != -1) {
          if (c == '\n') {
            accept(line.toString());
            line.setLength(0);
          } else {
            line.append((char) c);
          }
        }
      } catch (final IOException e) {
        // the pipe closes when the child is killed
      }
    }

    private void accept(final String line) {
      if (line.equals("READY")) {
        ready.countDown();
      } else if (line.startsWith("A ")) {
        final String[] parts = line.split(" ");
        approvals.add(
            new Approval(
                Integer.parseInt(parts[1]),
                Long.parseLong(parts[2]),
                Long.parseLong(parts[3]),
                Integer.parseInt(parts[4])));
      } else if (line.startsWith("R ")) {
        refusals++;
      }
    }
  }
}
