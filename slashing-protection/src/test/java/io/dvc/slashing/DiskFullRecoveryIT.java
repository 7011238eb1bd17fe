package io.dvc.slashing;

import static io.dvc.slashing.SlashingTestData.attestation;
import static io.dvc.slashing.SlashingTestData.pubkey;
import static io.dvc.slashing.SlashingTestData.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.storage.KvStore;
import io.dvc.storage.ReopeningKvStore;
import io.dvc.storage.StorageException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit finding 3: after a short disk-full, slashing protection kept refusing every write until the
 * node was restarted. A 64 MiB tmpfs (mounting it needs root, as CI has; skipped otherwise) is
 * filled to the last byte while validators keep recording attestations; then the space is freed.
 */
class DiskFullRecoveryIT {
  private static final int VALIDATORS = 64;

  @TempDir Path temp;
  private Path disk;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void mountSmallDisk() throws Exception {
    disk = Files.createDirectories(temp.resolve("small-disk"));
    final boolean mounted =
        run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", disk.toString()) == 0;
    Assumptions.assumeTrue(mounted, "needs root to mount a 64 MiB tmpfs");
  }

  @AfterEach
  void unmount() throws Exception {
    for (final AutoCloseable c : open) {
      c.close();
    }
    run("umount", "-l", disk.toString());
  }

  @Test
  @Timeout(120)
  void theNodesStoreRecordsAgainOnceSpaceIsFreedAndReportsTheFailureMeanwhile() throws Exception {
    final ReopeningKvStore store = SlashingSchema.openRecoverable(disk);
    open.add(store);
    final SlashingProtection protection = SlashingProtection.open(store, root(0));
    final Path filler = fillDisk();
    final long failedAt = recordUntilAWriteFails(protection);

    assertThat(store.failure()).as("the failure is reported").isPresent();
    assertThat(store.failedWrites()).isEqualTo(1);

    Files.delete(filler);
    assertThat(record(protection, failedAt + 2))
        .as("once space is free, the next write reopens the database and records")
        .allMatch(d -> d.decision().status() == SigningDecision.Status.ALLOWED);
    assertThat(store.failure()).isEmpty();
    assertThat(store.reopens()).isPositive();
    assertThat(protection.checkAndRecordAttestation(attestation(pubkey(0), 0, 1, 999)).status())
        .as("what was recorded before the disk filled still refuses a double vote")
        .isNotEqualTo(SigningDecision.Status.ALLOWED);
  }

  @Test
  @Timeout(120)
  void aPlainRocksDbStoreKeepsRefusingWritesAfterSpaceIsFreed() throws Exception {
    // What the node used before: the finding as reproduced by the audit.
    final KvStore store = SlashingSchema.openDatabase(disk);
    open.add(store);
    final SlashingProtection protection = SlashingProtection.open(store, root(0));
    final Path filler = fillDisk();
    final long failedAt = recordUntilAWriteFails(protection);
    Files.delete(filler);
    assertThatThrownBy(() -> record(protection, failedAt + 2)).isInstanceOf(StorageException.class);
  }

  private static List<AttestationDecision> record(
      final SlashingProtection protection, final long target) {
    final List<AttestationSigningRequest> requests = new ArrayList<>();
    for (int v = 0; v < VALIDATORS; v++) {
      requests.add(attestation(pubkey(v), target - 1, target, target * 1000 + v));
    }
    return protection.checkAndRecordAttestations(requests);
  }

  /** Records one target epoch after another until a write fails; returns that target. */
  private static long recordUntilAWriteFails(final SlashingProtection protection) {
    for (long target = 1; target < 200_000; target++) {
      try {
        record(protection, target);
      } catch (final StorageException e) {
        return target;
      }
    }
    throw new AssertionError("no write failed on a full disk");
  }

  /** Fills the disk with one file, to the last byte it takes. */
  private Path fillDisk() throws IOException {
    final Path filler = disk.resolve("filler");
    final byte[] block = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (final IOException e) {
      // full
    }
    try (OutputStream out =
        Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
      for (int i = 0; i < 1 << 16; i++) {
        out.write(0);
        out.flush();
      }
    } catch (final IOException e) {
      // full to the byte
    }
    return filler;
  }

  private static int run(final String... command) throws Exception {
    try {
      final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (final IOException e) {
      return -1;
    }
  }
}
