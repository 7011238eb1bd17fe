package io.dvc.bls.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.BlsSignature;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] MESSAGE = {1, 2, 3, 4};

  private final ThresholdKeySplitter splitter = new ThresholdKeySplitter(RANDOM);
  private final BlsSecretKey secretKey = BlsSecretKey.random(RANDOM);
  private final KeySplit split = splitter.split(secretKey, 3, 4);

  @Test
  void splitHasIndicesOneToNAndTCommitments() {
    assertThat(split.shares()).extracting(SecretShare::index).containsExactly(1, 2, 3, 4);
    assertThat(split.commitments().threshold()).isEqualTo(3);
    assertThat(split.commitments().groupPublicKey()).isEqualTo(secretKey.publicKey());
  }

  @Test
  void sharesVerifyAgainstTheCommitmentsAndForeignSharesDoNot() {
    for (final SecretShare share : split.shares()) {
      assertThat(split.commitments().verify(share)).isTrue();
      assertThat(split.commitments().publicShare(share.index())).isEqualTo(share.publicShare());
    }
    final SecretShare wrong = new SecretShare(2, split.share(3).secretKey());
    assertThat(split.commitments().verify(wrong)).isFalse();
  }

  @Test
  void anyThreePartialsCombineToTheSignatureOfTheOriginalKey() {
    final BlsSignature expected = secretKey.sign(MESSAGE);
    final List<List<Integer>> subsets =
        List.of(List.of(1, 2, 3), List.of(1, 2, 4), List.of(1, 3, 4), List.of(2, 3, 4));
    for (final List<Integer> subset : subsets) {
      final Map<Integer, BlsSignature> partials = new java.util.HashMap<>();
      subset.forEach(i -> partials.put(i, split.share(i).secretKey().sign(MESSAGE)));
      final BlsSignature combined = ThresholdAggregator.combineSignatures(partials);
      assertThat(combined).as("subset %s", subset).isEqualTo(expected);
    }
  }

  @Test
  void twoPartialsDoNotVerify() {
    final BlsSignature combined =
        ThresholdAggregator.combineSignatures(
            Map.of(
                1, split.share(1).secretKey().sign(MESSAGE),
                2, split.share(2).secretKey().sign(MESSAGE)));
    assertThat(Bls.verify(secretKey.publicKey(), MESSAGE, combined)).isFalse();
  }

  @Test
  void publicKeyIsRecoveredFromPublicShares() {
    final BlsPublicKey recovered =
        ThresholdAggregator.recoverPublicKey(split.publicShares().subList(1, 4));
    assertThat(recovered).isEqualTo(secretKey.publicKey());
  }

  @Test
  void partialVerifiesAgainstItsOwnPublicShareOnly() {
    final BlsSignature partial = split.share(2).secretKey().sign(MESSAGE);
    assertThat(ThresholdAggregator.verifyPartial(split.share(2).publicShare(), MESSAGE, partial))
        .isTrue();
    assertThat(ThresholdAggregator.verifyPartial(split.share(3).publicShare(), MESSAGE, partial))
        .isFalse();
  }

  @Test
  void lagrangeCoefficientsMatchKnownSmallCase() {
    // For indices 1,2,3: lambda = 3, -3, 1 (they interpolate f(0) = 3f(1) - 3f(2) + f(3)).
    assertThat(LagrangeInterpolator.coefficientsAtZero(List.of(1, 2, 3)))
        .containsExactly(
            BigInteger.valueOf(3), Bls.CURVE_ORDER.subtract(BigInteger.valueOf(3)), BigInteger.ONE);
    // Coefficients of any set sum to 1 (they reproduce a constant polynomial).
    final BigInteger sum =
        LagrangeInterpolator.coefficientsAtZero(List.of(2, 7, 11, 200, 255)).stream()
            .reduce(BigInteger.ZERO, BigInteger::add)
            .mod(Bls.CURVE_ORDER);
    assertThat(sum).isEqualTo(BigInteger.ONE);
  }

  @Test
  void invalidParametersAreRejected() {
    assertThatThrownBy(() -> splitter.split(secretKey, 0, 4)).hasMessageContaining("threshold 0");
    assertThatThrownBy(() -> splitter.split(secretKey, 5, 4)).hasMessageContaining("5");
    assertThatThrownBy(() -> splitter.split(secretKey, 2, 256)).hasMessageContaining("256");
    assertThatThrownBy(() -> LagrangeInterpolator.coefficientsAtZero(List.of(1, 1)))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> LagrangeInterpolator.coefficientsAtZero(List.of(0, 1)))
        .hasMessageContaining("1..255");
  }

  @Test
  void largeClusterStillCombines() {
    final KeySplit big = splitter.split(secretKey, 20, 40);
    final Map<Integer, BlsSignature> partials = new java.util.HashMap<>();
    for (int i = 21; i <= 40; i++) {
      partials.put(i, big.share(i).secretKey().sign(MESSAGE));
    }
    assertThat(ThresholdAggregator.combineSignatures(partials)).isEqualTo(secretKey.sign(MESSAGE));
  }

  @Test
  void shareToStringHidesTheSecret() {
    final SecretShare share = split.share(1);
    final String hex = io.dvc.common.bytes.Hex.encodeBare(share.secretKey().toBytes());
    assertThat(share.toString()).doesNotContain(hex).contains("index=1");
  }
}
