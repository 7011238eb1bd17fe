package io.dvc.dkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.common.net.LoopbackPorts;
import io.dvc.config.ceremony.KdfChoice;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterJson;
import io.dvc.config.cluster.DepositDataFile;
import io.dvc.config.cluster.Operator;
import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.config.operator.OperatorBundle;
import io.dvc.config.operator.OperatorDirectoryLoader;
import io.dvc.dkg.net.DkgCeremony;
import io.dvc.dkg.net.DkgException;
import io.dvc.dkg.net.DkgNetworkRunner;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four operators, each its own libp2p host on 127.0.0.1 (separate TCP ports, Noise, yamux, the
 * connection gate), run {@link DkgCeremony} concurrently. Bounded: 10 validators, every test under
 * a {@link Timeout}.
 */
class DkgLoopbackIT {
  /** Ports of one test run, never the same twice. */
  private static final LoopbackPorts PORTS = new LoopbackPorts();

  private static final int N = 4;
  private static final int T = 3;
  private static final int V = 10;

  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(N);
  private final SecureRandom random = new SecureRandom();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  @Timeout(120)
  void fourHostsOnLoopbackWriteTheSameLockAndWorkingOperatorDirectories() throws Exception {
    final Path definition = writeCluster();
    final List<Future<DkgCeremony.Result>> runs = new ArrayList<>();
    for (int i = 1; i <= N; i++) {
      runs.add(start(definition, i, Duration.ofSeconds(30), DkgNetworkRunner.OutgoingFilter.NONE));
    }
    final List<DkgCeremony.Result> results = new ArrayList<>();
    for (final Future<DkgCeremony.Result> r : runs) {
      results.add(r.get());
    }
    final var lock = results.get(0).lock();
    final Map<Integer, Map<Integer, BigInteger>> shares = new TreeMap<>();
    for (int i = 1; i <= N; i++) {
      final DkgCeremony.Result r = results.get(i - 1);
      assertThat(r.lock().lockHash()).isEqualTo(lock.lockHash());
      assertThat(r.bytesSent()).isPositive();
      final Path dir = tmp.resolve("out-" + i);
      assertThat(r.directory()).isEqualTo(dir.toAbsolutePath().normalize());
      assertThat(Files.readString(dir.resolve(ClusterFiles.LOCK_FILE)))
          .isEqualTo(Files.readString(tmp.resolve("out-1").resolve(ClusterFiles.LOCK_FILE)));
      ClusterFiles.loadLock(dir.resolve(ClusterFiles.LOCK_FILE));
      DepositDataFile.verifyAgainst(dir.resolve(ClusterFiles.DEPOSIT_DATA_FILE), lock);
      final OperatorBundle bundle = OperatorDirectoryLoader.load(dir);
      assertThat(bundle.shareIndex()).isEqualTo(i);
      for (final var s : bundle.shares()) {
        shares
            .computeIfAbsent(s.validatorIndex(), k -> new TreeMap<>())
            .put(i, s.secretShare().secretKey().toScalar());
      }
      bundle.destroy();
    }
    for (int v = 0; v < V; v++) {
      for (final List<Integer> subset : KeyReconstruction.subsets(N, T)) {
        final Map<Integer, BigInteger> own = new TreeMap<>();
        final int validator = v;
        subset.forEach(i -> own.put(i, shares.get(validator).get(i)));
        assertThat(KeyReconstruction.combine(own))
            .isEqualTo(lock.validators().get(v).distributedPublicKey());
      }
    }
  }

  @Test
  @Timeout(60)
  void anOperatorThatNeverConnectsAbortsEveryoneAtTheHelloTimeoutAndNothingIsWritten()
      throws Exception {
    final Path definition = writeCluster();
    final List<Future<DkgCeremony.Result>> runs = new ArrayList<>();
    for (int i = 1; i <= N - 1; i++) {
      runs.add(start(definition, i, Duration.ofSeconds(3), DkgNetworkRunner.OutgoingFilter.NONE));
    }
    for (final Future<DkgCeremony.Result> r : runs) {
      assertThatThrownBy(r::get)
          .hasCauseInstanceOf(DkgException.class)
          .cause()
          // the first to time out tells the others, whose reason then quotes it
          .hasMessageStartingWith("DKG aborted in phase HELLO: ")
          .hasMessageContaining("no hello from operator 4 'op-4'")
          .hasMessageContaining("within 3.0 s");
    }
    assertNothingWritten();
  }

  @Test
  @Timeout(60)
  void aCheatingDealerIsNamedByEveryHonestOperatorAndNothingIsWritten() throws Exception {
    final Path definition = writeCluster();
    final List<Future<DkgCeremony.Result>> runs = new ArrayList<>();
    for (int i = 1; i <= N; i++) {
      final DkgNetworkRunner.OutgoingFilter filter =
          i != 2
              ? DkgNetworkRunner.OutgoingFilter.NONE
              : (to, m) -> {
                if (m instanceof DkgMessage.Shares s) {
                  return Optional.of(new DkgMessage.Shares(DkgFaultTest.addOne(s.scalars(), 0)));
                }
                if (m instanceof DkgMessage.Justification j) {
                  return Optional.of(
                      new DkgMessage.Justification(
                          j.revealed().stream()
                              .map(
                                  r ->
                                      new DkgMessage.Revealed(
                                          r.complainer(), DkgFaultTest.addOne(r.scalars(), 0)))
                              .toList()));
                }
                return Optional.of(m);
              };
      runs.add(start(definition, i, Duration.ofSeconds(20), filter));
    }
    for (int i = 1; i <= N; i++) {
      final Future<DkgCeremony.Result> r = runs.get(i - 1);
      assertThatThrownBy(r::get).hasCauseInstanceOf(DkgException.class);
      if (i != 2) {
        assertThatThrownBy(r::get)
            .cause()
            // JUSTIFY, or earlier when a faster operator's abort notice arrives first
            .hasMessageStartingWith("DKG aborted in phase ")
            .hasMessageContaining("operator 2 'op-2'")
            .hasMessageContaining("dealt shares to operator " + (i == 1 ? 3 : 1))
            .hasMessageContaining("do not match its commitments");
      }
    }
    assertNothingWritten();
  }

  private Future<DkgCeremony.Result> start(
      final Path definition,
      final int index,
      final Duration timeout,
      final DkgNetworkRunner.OutgoingFilter filter) {
    final DkgCeremony.Request request =
        new DkgCeremony.Request(
            definition,
            tmp.resolve("identity-" + index),
            tmp.resolve("out-" + index),
            KdfChoice.INSECURE_FAST_PBKDF2,
            Optional.of(timeout),
            Optional.of(timeout),
            Optional.empty());
    return pool.submit(() -> DkgCeremony.run(request, random, filter));
  }

  private Path writeCluster() throws IOException {
    return writeCluster(tmp, N, T, V, random);
  }

  /** Identity keys identity-1..n and a definition with a free loopback port per operator. */
  static Path writeCluster(
      final Path dir, final int n, final int t, final int v, final SecureRandom random)
      throws IOException {
    final List<Operator> operators = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      final byte[] secret = new byte[32];
      random.nextBytes(secret);
      final NodeKey key = NodeKey.fromSecretBytes(secret);
      IdentityKeyFile.write(dir.resolve("identity-" + i), secret);
      operators.add(
          new Operator(
              "op-" + i,
              key.peerId(),
              List.of(Multiaddr.fromString("/ip4/127.0.0.1/tcp/" + freePort()))));
      key.destroy();
    }
    final ClusterDefinition d = InMemoryCeremony.definition(operators, t, v);
    final Path file = dir.resolve(ClusterFiles.DEFINITION_FILE);
    Files.writeString(file, ClusterJson.writeDefinition(d), StandardCharsets.UTF_8);
    return file;
  }

  private void assertNothingWritten() throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .allMatch(
              name -> name.startsWith("identity-") || name.equals(ClusterFiles.DEFINITION_FILE));
    }
  }

  private static int freePort() {
    return PORTS.next();
  }
}
