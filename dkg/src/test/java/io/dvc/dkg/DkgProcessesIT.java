package io.dvc.dkg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.DepositDataFile;
import io.dvc.config.operator.OperatorBundle;
import io.dvc.config.operator.OperatorDirectoryLoader;
import io.dvc.dkg.cli.DkgCommand;
import java.io.File;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every operator is its own JVM running {@link DkgCommand} (as {@code dvc dkg} will), on loopback.
 * Bounded: 10 validators, each process killed after 300 s, the test after 360 s (generous: on a
 * shared 2-core machine, seven JVMs starting at once can take a minute before they listen).
 */
class DkgProcessesIT {
  @TempDir Path tmp;

  @ParameterizedTest(name = "n={0} t={1}")
  @CsvSource({"4, 3", "7, 5"})
  @Timeout(360)
  void everyOperatorProcessWritesAVerifiedDirectoryOfTheSameLock(final int n, final int t)
      throws Exception {
    final int validators = 10;
    final Path definition = DkgLoopbackIT.writeCluster(tmp, n, t, validators, new SecureRandom());
    final List<Process> processes = new ArrayList<>();
    try {
      for (int i = 1; i <= n; i++) {
        final ProcessBuilder builder =
            new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                DkgCommand.class.getName(),
                "--definition",
                definition.toString(),
                "--identity-key",
                tmp.resolve("identity-" + i).toString(),
                "--output",
                tmp.resolve("out-" + i).toString(),
                "--insecure-fast-kdf",
                "--connect-timeout",
                "240",
                "--phase-timeout",
                "60");
        builder.redirectErrorStream(true);
        builder.redirectOutput(tmp.resolve("log-" + i + ".txt").toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        processes.add(builder.start());
      }
      for (int i = 1; i <= n; i++) {
        final Process p = processes.get(i - 1);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("operator %d finished", i).isTrue();
        assertThat(p.exitValue())
            .as("operator %d: %s", i, Files.readString(tmp.resolve("log-" + i + ".txt")))
            .isZero();
      }
    } finally {
      processes.forEach(Process::destroyForcibly);
    }
    final ClusterLock lock =
        ClusterFiles.loadLock(tmp.resolve("out-1").resolve(ClusterFiles.LOCK_FILE)).lock();
    final Map<Integer, Map<Integer, BigInteger>> shares = new TreeMap<>();
    for (int i = 1; i <= n; i++) {
      final Path dir = tmp.resolve("out-" + i);
      assertThat(Files.readString(tmp.resolve("log-" + i + ".txt")))
          .contains("DKG complete: operator " + i + " of " + n)
          .contains(lock.lockHash().toHex());
      assertThat(ClusterFiles.loadLock(dir.resolve(ClusterFiles.LOCK_FILE)).lock()).isEqualTo(lock);
      DepositDataFile.verifyAgainst(dir.resolve(ClusterFiles.DEPOSIT_DATA_FILE), lock);
      final OperatorBundle bundle = OperatorDirectoryLoader.load(dir);
      for (final var s : bundle.shares()) {
        shares
            .computeIfAbsent(s.validatorIndex(), k -> new TreeMap<>())
            .put(i, s.secretShare().secretKey().toScalar());
      }
      bundle.destroy();
    }
    for (int v = 0; v < validators; v++) {
      final int validator = v;
      for (final List<Integer> subset : KeyReconstruction.subsets(n, t)) {
        final Map<Integer, BigInteger> picked = new TreeMap<>();
        subset.forEach(i -> picked.put(i, shares.get(validator).get(i)));
        assertThat(KeyReconstruction.combine(picked))
            .isEqualTo(lock.validators().get(v).distributedPublicKey());
      }
      for (final List<Integer> subset : KeyReconstruction.subsets(n, t - 1)) {
        final Map<Integer, BigInteger> picked = new TreeMap<>();
        subset.forEach(i -> picked.put(i, shares.get(validator).get(i)));
        assertThat(KeyReconstruction.combine(picked))
            .isNotEqualTo(lock.validators().get(v).distributedPublicKey());
      }
    }
  }
}
