package io.dvc.config.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.threshold.KeySplit;
import io.dvc.bls.threshold.ThresholdAggregator;
import io.dvc.config.ClusterConfigException;
import io.dvc.config.Network;
import io.dvc.config.WithdrawalType;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterJson;
import io.dvc.config.cluster.ClusterLockVerifier;
import io.dvc.config.cluster.DefinitionValidator;
import io.dvc.config.cluster.Operator;
import io.dvc.config.testing.TestClusters;
import io.dvc.p2p.crypto.NodeKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Over random (n, t): t ≤ n/2 or t > n is refused; otherwise the dealt lock verifies (after a JSON
 * round trip), warns exactly when t ≠ ceil(2n/3), every t-subset of shares (up to 20) recovers the
 * distributed key and no (t−1)-subset does.
 */
class ThresholdProperties {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static ClusterDefinition definition(final List<NodeKey> keys, final int t) {
    final List<Operator> operators = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      operators.add(new Operator("op" + i, keys.get(i).peerId(), List.of()));
    }
    return new ClusterDefinition(
        ClusterDefinition.VERSION,
        "prop",
        Network.SEPOLIA,
        operators,
        t,
        1,
        TestClusters.WITHDRAWAL,
        WithdrawalType.ETH1_ADDRESS,
        TestClusters.FEE_RECIPIENT,
        32_000_000_000L);
  }

  @Property(tries = 25)
  void validThresholdsVerifyAndRecover(
      @ForAll @IntRange(min = 1, max = 10) final int n,
      @ForAll @IntRange(min = 0, max = 100) final int k) {
    final int t = n / 2 + 1 + k % (n - n / 2);
    assertThat(2 * t > n && t <= n).isTrue();
    thresholdRulesAndRecovery(n, t);
  }

  @Property(tries = 30)
  void thresholdRulesAndRecovery(
      @ForAll @IntRange(min = 1, max = 10) final int n,
      @ForAll @IntRange(min = 0, max = 11) final int t) {
    final List<NodeKey> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(NodeKey.generate(RANDOM));
    }
    final ClusterDefinition definition = definition(keys, t);
    if (2 * t <= n || t > n) {
      assertThatThrownBy(() -> DefinitionValidator.validate(definition, "def", "$"))
          .isInstanceOf(ClusterConfigException.class)
          .hasMessageStartingWith("def: $.threshold: threshold t=" + t);
      return;
    }
    final Dealer.Dealt dealt =
        Dealer.deal(
            definition,
            List.of(BlsSecretKey.random(RANDOM)),
            keys.stream().map(Optional::of).toList(),
            RANDOM);
    try {
      final var verified =
          ClusterLockVerifier.verify(
              ClusterJson.parseLock(ClusterJson.writeLock(dealt.lock()), "lock"), "lock");
      assertThat(verified.warnings().isEmpty()).isEqualTo(t == (2 * n + 2) / 3);
      final KeySplit split = dealt.splits().get(0);
      final BlsPublicKey distributed = dealt.lock().validators().get(0).distributedPublicKey();
      for (final List<Integer> subset : Subsets.of(n, t, 20, RANDOM)) {
        assertThat(recover(split, subset)).isEqualTo(distributed);
      }
      if (t > 1) {
        for (final List<Integer> subset : Subsets.of(n, t - 1, 5, RANDOM)) {
          assertThat(recover(split, subset)).isNotEqualTo(distributed);
        }
      }
    } finally {
      dealt.destroy();
    }
  }

  private static BlsPublicKey recover(final KeySplit split, final List<Integer> subset) {
    final Map<Integer, BlsPublicKey> shares = new HashMap<>();
    subset.forEach(i -> shares.put(i, split.share(i).secretKey().publicKey()));
    return ThresholdAggregator.recoverPublicKey(shares);
  }
}
