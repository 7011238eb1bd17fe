package io.dvc.bls.threshold;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsArithmetic;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recovers the group signature (or the group public key) from partial values of at least t shares,
 * by Lagrange interpolation at 0 in the exponent. It does not verify the partials; see {@link
 * #verifyPartial} and {@link CombineAndVerify}.
 */
public final class ThresholdAggregator {
  private ThresholdAggregator() {}

  /**
   * Combines partial signatures, keyed by share index. Every given partial is used: pass exactly t
   * of them (more also works when all are honest).
   *
   * @throws IllegalArgumentException when the map is empty or an index is outside 1..255
   * @throws io.dvc.bls.BlsException when a partial is not a valid G2 point
   */
  public static BlsSignature combineSignatures(final Map<Integer, BlsSignature> partials) {
    final TreeMap<Integer, BlsSignature> sorted = new TreeMap<>(partials);
    final SignatureWeights weights = SignatureWeights.of(List.copyOf(sorted.keySet()));
    final BlsSignature sum =
        BlsArithmetic.weightedSum(new ArrayList<>(sorted.values()), weights.numerators());
    return weights.inverseDenominator() == null
        ? sum
        : BlsArithmetic.multiply(sum, weights.inverseDenominator());
  }

  /** Recovers the group public key from public shares keyed by share index (at least t). */
  public static BlsPublicKey recoverPublicKey(final Map<Integer, BlsPublicKey> publicShares) {
    final TreeMap<Integer, BlsPublicKey> sorted = new TreeMap<>(publicShares);
    final LagrangeInterpolator.IntegerWeights weights =
        LagrangeInterpolator.integerWeightsAtZero(new ArrayList<>(sorted.keySet()));
    final BigInteger inverse = inverse(weights.denominator());
    final List<BigInteger> scaled =
        weights.numerators().stream().map(n -> n.multiply(inverse).mod(Bls.CURVE_ORDER)).toList();
    final List<BigInteger> used =
        weights.denominator().equals(BigInteger.ONE) ? weights.numerators() : scaled;
    return BlsArithmetic.weightedSumOfKeys(new ArrayList<>(sorted.values()), used);
  }

  /** Recovers the group public key from a list of public shares. */
  public static BlsPublicKey recoverPublicKey(final List<PublicShare> publicShares) {
    final Map<Integer, BlsPublicKey> byIndex = new TreeMap<>();
    for (final PublicShare share : publicShares) {
      if (byIndex.put(share.index(), share.publicKey()) != null) {
        throw new IllegalArgumentException("share index " + share.index() + " appears twice");
      }
    }
    return recoverPublicKey(byIndex);
  }

  /** Verifies one partial signature against the public share of its sender. */
  public static boolean verifyPartial(
      final PublicShare publicShare, final byte[] message, final BlsSignature partial) {
    return Bls.verify(publicShare.publicKey(), message, partial);
  }

  private static BigInteger inverse(final BigInteger denominator) {
    return denominator.modInverse(Bls.CURVE_ORDER);
  }
}
