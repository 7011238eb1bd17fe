package io.dvc.dkg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.BlsPublicKey;
import io.dvc.common.net.LoopbackPorts;
import io.dvc.config.ceremony.KdfChoice;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterJson;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.Operator;
import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.config.operator.OperatorBundle;
import io.dvc.config.operator.OperatorDirectoryLoader;
import io.dvc.dkg.net.DkgCeremony;
import io.dvc.dkg.net.ReshareCeremony;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.multiaddr.Multiaddr;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 4-operator cluster made by DKG over loopback, then operator 4 replaced by a newcomer with
 * {@link ReshareCeremony}: old operators 1–3 deal from their operator directories, the newcomer
 * joins with the old lock only. Bounded: 4 validators, 240 s.
 */
class ReshareLoopbackIT {
  /** Ports of one test run, never the same twice. */
  private static final LoopbackPorts PORTS = new LoopbackPorts();

  private static final int V = 4;

  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final SecureRandom random = new SecureRandom();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  @Timeout(240)
  void replacingOperatorFourOverTheNetworkKeepsTheKeysAndGivesEveryNewOperatorAWorkingDirectory()
      throws Exception {
    final Path oldDir = Files.createDirectory(tmp.resolve("old"));
    final Path definition = DkgLoopbackIT.writeCluster(oldDir, 4, 3, V, random);
    final List<Future<DkgCeremony.Result>> dkg = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      final DkgCeremony.Request r =
          new DkgCeremony.Request(
              definition,
              oldDir.resolve("identity-" + i),
              oldDir.resolve("out-" + i),
              KdfChoice.INSECURE_FAST_PBKDF2,
              Optional.of(Duration.ofSeconds(60)),
              Optional.of(Duration.ofSeconds(60)),
              Optional.empty());
      dkg.add(pool.submit(() -> DkgCeremony.run(r, random)));
    }
    final ClusterLock old = dkg.get(0).get().lock();
    for (final Future<DkgCeremony.Result> f : dkg) {
      assertThat(f.get().lock().lockHash()).isEqualTo(old.lockHash());
    }

    final Path newDir = Files.createDirectory(tmp.resolve("new"));
    final byte[] secret = new byte[32];
    random.nextBytes(secret);
    final NodeKey newcomer = NodeKey.fromSecretBytes(secret);
    IdentityKeyFile.write(newDir.resolve("identity-4b"), secret);
    final List<Operator> ops = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      final Operator o = old.definition().operators().get(i);
      ops.add(new Operator(o.name(), o.peerId(), List.of(loopback())));
    }
    ops.add(new Operator("op-4b", newcomer.peerId(), List.of(loopback())));
    final ClusterDefinition next = InMemoryCeremony.definition(ops, 3, V);
    final Path nextFile = newDir.resolve(ClusterFiles.DEFINITION_FILE);
    Files.writeString(nextFile, ClusterJson.writeDefinition(next), StandardCharsets.UTF_8);

    final List<Future<ReshareCeremony.Result>> reshare = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      final boolean isNewcomer = i == 4;
      final ReshareCeremony.Request r =
          new ReshareCeremony.Request(
              isNewcomer ? Optional.empty() : Optional.of(oldDir.resolve("out-" + i)),
              isNewcomer
                  ? Optional.of(oldDir.resolve("out-1").resolve(ClusterFiles.LOCK_FILE))
                  : Optional.empty(),
              nextFile,
              Set.of(1, 2, 3),
              isNewcomer ? newDir.resolve("identity-4b") : oldDir.resolve("identity-" + i),
              Optional.of(newDir.resolve("out-" + i)),
              KdfChoice.INSECURE_FAST_PBKDF2,
              Duration.ofSeconds(60),
              Duration.ofSeconds(60),
              Optional.empty());
      reshare.add(pool.submit(() -> ReshareCeremony.run(r, random)));
    }
    final ClusterLock lock = reshare.get(0).get().lock();
    assertThat(lock.predecessorLockHash()).contains(old.lockHash());
    final Map<Integer, Map<Integer, BigInteger>> shares = new TreeMap<>();
    for (int i = 1; i <= 4; i++) {
      final ReshareCeremony.Result r = reshare.get(i - 1).get();
      assertThat(r.lock().lockHash()).isEqualTo(lock.lockHash());
      assertThat(r.shareIndex()).isEqualTo(i);
      final OperatorBundle bundle = OperatorDirectoryLoader.load(r.directory().orElseThrow());
      assertThat(bundle.shareIndex()).isEqualTo(i);
      bundle
          .shares()
          .forEach(
              s ->
                  shares
                      .computeIfAbsent(s.validatorIndex(), k -> new TreeMap<>())
                      .put(s.shareIndex(), s.secretShare().secretKey().toScalar()));
      bundle.destroy();
    }
    final OperatorBundle departed = OperatorDirectoryLoader.load(oldDir.resolve("out-4"));
    for (int v = 0; v < V; v++) {
      final BlsPublicKey key = old.validators().get(v).distributedPublicKey();
      assertThat(lock.validators().get(v).distributedPublicKey()).isEqualTo(key);
      assertThat(lock.validators().get(v).depositData())
          .isEqualTo(old.validators().get(v).depositData());
      for (final List<Integer> subset : KeyReconstruction.subsets(4, 3)) {
        final Map<Integer, BigInteger> picked = new TreeMap<>();
        for (final int i : subset) {
          picked.put(i, shares.get(v).get(i));
        }
        assertThat(KeyReconstruction.combine(picked)).isEqualTo(key);
      }
      final Map<Integer, BigInteger> mixed = new TreeMap<>();
      mixed.put(1, shares.get(v).get(1));
      mixed.put(2, shares.get(v).get(2));
      mixed.put(4, departed.shares().get(v).secretShare().secretKey().toScalar());
      assertThat(KeyReconstruction.combine(mixed)).isNotEqualTo(key);
    }
    departed.destroy();
  }

  private static Multiaddr loopback() {
    return Multiaddr.fromString("/ip4/127.0.0.1/tcp/" + PORTS.next());
  }
}
