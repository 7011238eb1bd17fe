package io.dvc.config.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.config.ClusterConfigException;
import io.dvc.config.Network;
import io.dvc.config.WithdrawalType;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterJson;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.ClusterLockSigner;
import io.dvc.config.cluster.ClusterLockVerifier;
import io.dvc.config.cluster.Operator;
import io.dvc.config.operator.OperatorDirectoryLoader;
import io.dvc.config.operator.OperatorLayout;
import io.dvc.config.testing.TestClusters;
import io.dvc.p2p.crypto.NodeKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators that bring their own identity keys: no key is written, each signs the lock later. */
class BringOwnIdentityTest {
  @TempDir Path tmp;

  @Test
  void lockNeedsEveryOperatorsSignatureAndThenLoads() throws IOException {
    final SecureRandom random = new SecureRandom();
    final List<NodeKey> keys = new ArrayList<>();
    final List<Operator> operators = new ArrayList<>();
    for (final String name : List.of("ann", "ben", "cat")) {
      final NodeKey key = NodeKey.generate(random);
      keys.add(key);
      operators.add(new Operator(name, key.peerId(), List.of()));
    }
    final CeremonyResult result =
        new DealerCeremony(random)
            .run(
                new CeremonyRequest(
                    tmp.resolve("out"),
                    "own",
                    Network.custom("0x10000038"),
                    new OperatorSource.BringOwn(operators),
                    OptionalInt.empty(),
                    new KeySource.RandomKeys(2),
                    TestClusters.WITHDRAWAL,
                    WithdrawalType.ETH1_ADDRESS,
                    TestClusters.FEE_RECIPIENT,
                    32_000_000_000L,
                    KdfChoice.INSECURE_FAST_PBKDF2));
    final Path dir = result.operatorDirectories().get(1);
    final Path lockFile = dir.resolve(ClusterFiles.LOCK_FILE);

    assertThat(dir).isEqualTo(tmp.resolve("out/ben"));
    assertThat(OperatorLayout.identityKey(dir)).doesNotExist();
    assertThatThrownBy(() -> ClusterFiles.loadLock(lockFile))
        .hasMessage(
            lockFile
                + ": $.operator_signatures[0]: missing: operator 'ann' has not signed the lock hash");
    assertThat(ClusterFiles.loadLock(lockFile, false).warnings()).hasSize(3);

    ClusterLock lock = ClusterFiles.loadLock(lockFile, false).lock();
    for (final NodeKey key : keys) {
      lock = ClusterLockSigner.sign(lock, key, lockFile.toString());
    }
    assertThat(ClusterLockVerifier.verify(lock, "signed").warnings()).isEmpty();
    assertThatThrownBy(
            () ->
                ClusterLockSigner.sign(
                    ClusterFiles.loadLock(lockFile, false).lock(), NodeKey.generate(random), "f"))
        .isInstanceOf(ClusterConfigException.class)
        .hasMessageEndingWith("is not an operator of this lock");

    Files.writeString(lockFile, ClusterJson.writeLock(lock));
    final byte[] secret = new byte[32];
    random.nextBytes(secret);
    final NodeKey own = NodeKey.fromSecretBytes(secret);
    assertThat(own.peerId()).isNotEqualTo(keys.get(1).peerId());
    assertThatThrownBy(
            () -> {
              io.dvc.config.operator.IdentityKeyFile.write(OperatorLayout.identityKey(dir), secret);
              OperatorDirectoryLoader.load(dir);
            })
        .hasMessageContaining("is not an operator of");
  }
}
