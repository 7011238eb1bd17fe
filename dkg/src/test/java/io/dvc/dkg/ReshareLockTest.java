package io.dvc.dkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.bls.threshold.SecretShare;
import io.dvc.config.ClusterConfigException;
import io.dvc.config.ceremony.KdfChoice;
import io.dvc.config.ceremony.OperatorDirectoryWriter;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterJson;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.ClusterLockVerifier;
import io.dvc.config.cluster.LockHashCalculator;
import io.dvc.config.cluster.Operator;
import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.config.operator.OperatorBundle;
import io.dvc.config.operator.OperatorConfigException;
import io.dvc.config.operator.OperatorDirectoryLoader;
import io.dvc.p2p.crypto.NodeKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock a resharing writes (operator 4 of a DKG-made 4-operator cluster replaced): it names the
 * old lock as its predecessor inside its hashed and signed content, and an old operator's directory
 * (old shares) does not load with it, nor the newcomer's with the old lock.
 */
class ReshareLockTest {
  private static final int V = 3;
  private static final String FILE = "cluster-lock.json";

  @TempDir Path tmp;
  private final SecureRandom random = new SecureRandom();
  private InMemoryReshare.Old old;
  private byte[] newcomerSecret;
  private Map<Integer, DkgOutcome> outcomes;
  private ClusterLock lock;

  @BeforeEach
  void replaceOperatorFour() {
    old = InMemoryReshare.oldCluster(4, 3, V);
    newcomerSecret = new byte[32];
    random.nextBytes(newcomerSecret);
    final NodeKey newcomer = NodeKey.fromSecretBytes(newcomerSecret);
    final List<Operator> ops = new ArrayList<>(old.lock().definition().operators().subList(0, 3));
    ops.add(new Operator("op-4b", newcomer.peerId(), List.of()));
    final ClusterDefinition next = InMemoryCeremony.definition(ops, 3, V);
    final List<NodeKey> keys =
        List.of(old.keys().get(0), old.keys().get(1), old.keys().get(2), newcomer);
    outcomes = InMemoryReshare.run(old, next, Set.of(1, 2, 3), keys, Set.of(), random);
    lock = ((DkgOutcome.Completed) outcomes.get(1)).lock();
  }

  @Test
  void theNewLockNamesTheOldLockAsItsPredecessorInsideItsHash() {
    assertThat(old.lock().version()).isEqualTo(ClusterLock.VERSION);
    assertThat(old.lock().predecessorLockHash()).isEmpty();
    assertThat(lock.version()).isEqualTo(ClusterLock.VERSION_WITH_PREDECESSOR);
    assertThat(lock.predecessorLockHash()).contains(old.lock().lockHash());
    assertThat(lock.lockHash())
        .isNotEqualTo(old.lock().lockHash())
        .isEqualTo(LockHashCalculator.lockHash(lock))
        // the same content without the link hashes differently: the link is signed
        .isNotEqualTo(
            LockHashCalculator.lockHash(ClusterLock.VERSION, lock.definition(), lock.validators()));
    ClusterLockVerifier.verify(lock, FILE);
  }

  @Test
  void theLinkSurvivesTheFileAndCannotBeChangedOrDropped() {
    final String json = ClusterJson.writeLock(lock);
    assertThat(json).contains("\"predecessor_lock_hash\" : \"" + old.lock().lockHash().toHex());
    assertThat(ClusterLockVerifier.verify(ClusterJson.parseLock(json, FILE), FILE).lock())
        .isEqualTo(lock);

    final String other = json.replace(old.lock().lockHash().toHex(), "0x" + "11".repeat(32));
    assertThatThrownBy(() -> ClusterLockVerifier.verify(ClusterJson.parseLock(other, FILE), FILE))
        .isInstanceOf(ClusterConfigException.class)
        .hasMessageContaining("$.lock_hash")
        .hasMessageContaining("does not match the lock content");

    final String downgraded =
        json.replace(ClusterLock.VERSION_WITH_PREDECESSOR, ClusterLock.VERSION);
    assertThatThrownBy(() -> ClusterJson.parseLock(downgraded, FILE))
        .isInstanceOf(ClusterConfigException.class)
        .hasMessageContaining("$.predecessor_lock_hash")
        .hasMessageContaining("not allowed in a dvc/cluster-lock/v1 lock");

    final String unlinked = json.replaceAll("\\s*\"predecessor_lock_hash\" : \"0x[0-9a-f]+\",", "");
    assertThat(unlinked).doesNotContain("predecessor_lock_hash");
    assertThatThrownBy(() -> ClusterJson.parseLock(unlinked, FILE))
        .isInstanceOf(ClusterConfigException.class)
        .hasMessageContaining("$.predecessor_lock_hash")
        .hasMessageContaining("missing");
  }

  @Test
  void oldOperatorDirectoriesDoNotLoadWithTheNewLockNorTheNewcomersWithTheOldLock()
      throws IOException {
    final Path departed = write("old-4", old.lock(), old.shares().get(4), old.secrets().get(3));
    final Path staying = write("old-1", old.lock(), old.shares().get(1), old.secrets().get(0));
    final Path newcomer =
        write("new-4", lock, ((DkgOutcome.Completed) outcomes.get(4)).shares(), newcomerSecret);
    final Path newOne =
        write(
            "new-1", lock, ((DkgOutcome.Completed) outcomes.get(1)).shares(), old.secrets().get(0));
    loadAndDestroy(newcomer); // both new directories work as written
    loadAndDestroy(newOne);

    replaceLock(departed, lock);
    assertThatThrownBy(() -> OperatorDirectoryLoader.load(departed))
        .isInstanceOf(OperatorConfigException.class)
        .hasMessageContaining("is not an operator of");
    replaceLock(staying, lock);
    assertThatThrownBy(() -> OperatorDirectoryLoader.load(staying))
        .isInstanceOf(OperatorConfigException.class)
        .hasMessageContaining("not the lock's public share");
    replaceLock(newcomer, old.lock());
    assertThatThrownBy(() -> OperatorDirectoryLoader.load(newcomer))
        .isInstanceOf(OperatorConfigException.class)
        .hasMessageContaining("is not an operator of");
  }

  private Path write(
      final String name,
      final ClusterLock lockToWrite,
      final List<SecretShare> shares,
      final byte[] identitySecret)
      throws IOException {
    final Path key = tmp.resolve(name + ".identity");
    IdentityKeyFile.write(key, identitySecret);
    return OperatorDirectoryWriter.write(
        tmp.resolve(name), lockToWrite, shares, key, KdfChoice.INSECURE_FAST_PBKDF2, random);
  }

  private static void loadAndDestroy(final Path dir) {
    final OperatorBundle bundle = OperatorDirectoryLoader.load(dir);
    bundle.destroy();
  }

  private static void replaceLock(final Path dir, final ClusterLock replacement)
      throws IOException {
    Files.writeString(
        dir.resolve(ClusterFiles.LOCK_FILE),
        ClusterJson.writeLock(replacement),
        StandardCharsets.UTF_8);
  }
}
