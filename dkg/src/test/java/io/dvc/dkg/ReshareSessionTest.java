package io.dvc.dkg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.BlsPublicKey;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.ClusterLockVerifier;
import io.dvc.config.cluster.Operator;
import io.dvc.p2p.crypto.NodeKey;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReshareSessionTest {
  private static final int V = 4;
  private final SecureRandom random = new SecureRandom();

  @Test
  void replacingOperatorFourKeepsEveryKeyAndTheOldFourthShareIsUselessWithTheNewShares() {
    final InMemoryReshare.Old old = InMemoryReshare.oldCluster(4, 3, V);
    final NodeKey newcomer = NodeKey.generate(random);
    final List<Operator> ops = new ArrayList<>(old.lock().definition().operators().subList(0, 3));
    ops.add(new Operator("op-4b", newcomer.peerId(), List.of()));
    final ClusterDefinition next = InMemoryCeremony.definition(ops, 3, V);
    final List<NodeKey> keys =
        List.of(old.keys().get(0), old.keys().get(1), old.keys().get(2), newcomer);

    final Map<Integer, DkgOutcome> outcomes =
        InMemoryReshare.run(old, next, Set.of(1, 2, 3), keys, Set.of(), random);

    final ClusterLock lock = sameLockEverywhere(outcomes, 4);
    assertKeysAndDepositsUnchanged(old.lock(), lock);
    final Map<Integer, Map<Integer, BigInteger>> fresh = shares(outcomes);
    for (int v = 0; v < V; v++) {
      final BlsPublicKey key = lock.validators().get(v).distributedPublicKey();
      for (final List<Integer> subset : KeyReconstruction.subsets(4, 3)) {
        assertThat(KeyReconstruction.combine(pick(fresh.get(v), subset))).isEqualTo(key);
      }
      for (final List<Integer> subset : KeyReconstruction.subsets(4, 2)) {
        assertThat(KeyReconstruction.combine(pick(fresh.get(v), subset))).isNotEqualTo(key);
      }
      // the departed operator's old share with any two new shares reconstructs nothing
      for (final List<Integer> two : KeyReconstruction.subsets(3, 2)) {
        final Map<Integer, BigInteger> mixed = pick(fresh.get(v), two);
        mixed.put(4, old.shares().get(4).get(v).secretKey().toScalar());
        assertThat(KeyReconstruction.combine(mixed)).isNotEqualTo(key);
      }
    }
  }

  @Test
  void growingFromFourToSevenOperatorsWithThresholdFiveKeepsEveryKey() {
    final InMemoryReshare.Old old = InMemoryReshare.oldCluster(4, 3, V);
    final List<Operator> ops = new ArrayList<>(old.lock().definition().operators());
    final List<NodeKey> keys = new ArrayList<>(old.keys());
    for (int j = 5; j <= 7; j++) {
      final NodeKey k = NodeKey.generate(random);
      keys.add(k);
      ops.add(new Operator("op-" + j, k.peerId(), List.of()));
    }
    final ClusterDefinition next = InMemoryCeremony.definition(ops, 5, V);

    final Map<Integer, DkgOutcome> outcomes =
        InMemoryReshare.run(old, next, Set.of(1, 2, 3), keys, Set.of(), random);

    final ClusterLock lock = sameLockEverywhere(outcomes, 7);
    assertKeysAndDepositsUnchanged(old.lock(), lock);
    final Map<Integer, Map<Integer, BigInteger>> fresh = shares(outcomes);
    for (int v = 0; v < V; v++) {
      final BlsPublicKey key = lock.validators().get(v).distributedPublicKey();
      for (final List<Integer> subset : KeyReconstruction.subsets(7, 5)) {
        assertThat(KeyReconstruction.combine(pick(fresh.get(v), subset))).isEqualTo(key);
      }
      for (final List<Integer> subset : KeyReconstruction.subsets(7, 4)) {
        assertThat(KeyReconstruction.combine(pick(fresh.get(v), subset))).isNotEqualTo(key);
      }
    }
  }

  @Test
  void aDealerThatDoesNotDealItsOldShareIsNamed() {
    final InMemoryReshare.Old old = InMemoryReshare.oldCluster(4, 3, V);
    final NodeKey newcomer = NodeKey.generate(random);
    final List<Operator> ops = new ArrayList<>(old.lock().definition().operators().subList(0, 3));
    ops.add(new Operator("op-4b", newcomer.peerId(), List.of()));
    final ClusterDefinition next = InMemoryCeremony.definition(ops, 3, V);
    final List<NodeKey> keys =
        List.of(old.keys().get(0), old.keys().get(1), old.keys().get(2), newcomer);
    old.shares().put(2, old.shares().get(3)); // participant 2 deals operator 3's shares

    final Map<Integer, DkgOutcome> outcomes =
        InMemoryReshare.run(old, next, Set.of(1, 2, 3), keys, Set.of(), random);

    for (final int p : List.of(1, 3, 4)) {
      final DkgOutcome.Aborted a = (DkgOutcome.Aborted) outcomes.get(p);
      assertThat(a.culprits()).containsExactly(2);
      assertThat(a.reason())
          .contains("old operator 2 'op-2'")
          .contains("from a value that is not its old share");
    }
  }

  @Test
  void aNewOperatorThatNeverShowsUpAbortsEveryoneNamingIt() {
    final InMemoryReshare.Old old = InMemoryReshare.oldCluster(4, 3, V);
    final NodeKey newcomer = NodeKey.generate(random);
    final List<Operator> ops = new ArrayList<>(old.lock().definition().operators().subList(0, 3));
    ops.add(new Operator("op-4b", newcomer.peerId(), List.of()));
    final ClusterDefinition next = InMemoryCeremony.definition(ops, 3, V);
    final List<NodeKey> keys =
        List.of(old.keys().get(0), old.keys().get(1), old.keys().get(2), newcomer);

    final Map<Integer, DkgOutcome> outcomes =
        InMemoryReshare.run(old, next, Set.of(1, 2, 3), keys, Set.of(4), random);

    assertThat(outcomes).containsOnlyKeys(1, 2, 3);
    for (final DkgOutcome o : outcomes.values()) {
      final DkgOutcome.Aborted a = (DkgOutcome.Aborted) o;
      assertThat(a.phase()).isEqualTo(DkgPhase.HELLO);
      assertThat(a.reason()).startsWith("no hello from new operator 4 'op-4b'");
    }
  }

  private static ClusterLock sameLockEverywhere(
      final Map<Integer, DkgOutcome> outcomes, final int newOperators) {
    final Set<ClusterLock> locks = new HashSet<>();
    final Set<Integer> indices = new HashSet<>();
    for (final DkgOutcome o : outcomes.values()) {
      assertThat(o).isInstanceOf(DkgOutcome.Completed.class);
      final DkgOutcome.Completed c = (DkgOutcome.Completed) o;
      locks.add(c.lock());
      indices.add(c.shareIndex());
    }
    assertThat(locks).hasSize(1);
    assertThat(indices).hasSize(newOperators);
    final ClusterLock lock = locks.iterator().next();
    ClusterLockVerifier.verify(lock, "reshared lock");
    return lock;
  }

  private static void assertKeysAndDepositsUnchanged(
      final ClusterLock old, final ClusterLock lock) {
    assertThat(lock.lockHash()).isNotEqualTo(old.lockHash());
    for (int v = 0; v < V; v++) {
      assertThat(lock.validators().get(v).distributedPublicKey())
          .isEqualTo(old.validators().get(v).distributedPublicKey());
      assertThat(lock.validators().get(v).depositData())
          .isEqualTo(old.validators().get(v).depositData());
      assertThat(lock.validators().get(v).publicShares())
          .doesNotContainAnyElementsOf(old.validators().get(v).publicShares());
    }
  }

  /** validator → (new share index → scalar). */
  private static Map<Integer, Map<Integer, BigInteger>> shares(
      final Map<Integer, DkgOutcome> outcomes) {
    final Map<Integer, Map<Integer, BigInteger>> out = new TreeMap<>();
    for (final DkgOutcome o : outcomes.values()) {
      final DkgOutcome.Completed c = (DkgOutcome.Completed) o;
      for (int v = 0; v < c.shares().size(); v++) {
        out.computeIfAbsent(v, k -> new TreeMap<>())
            .put(c.shareIndex(), c.shares().get(v).secretKey().toScalar());
      }
    }
    return out;
  }

  private static Map<Integer, BigInteger> pick(
      final Map<Integer, BigInteger> all, final List<Integer> subset) {
    final Map<Integer, BigInteger> out = new TreeMap<>();
    subset.forEach(i -> out.put(i, all.get(i)));
    return out;
  }
}
