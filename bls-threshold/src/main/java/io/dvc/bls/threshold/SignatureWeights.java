package io.dvc.bls.threshold;

import io.dvc.bls.Bls;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Lagrange weights at 0 for one set of share indices, as small integer numerators and the
 * inverse of their common denominator (null when it is 1). A cluster combines with the same few
 * index sets slot after slot, so the weights are computed once per set and kept (a bounded cache).
 */
record SignatureWeights(List<BigInteger> numerators, BigInteger inverseDenominator) {
  private static final int MAX_CACHED_SETS = 4096;
  private static final Map<List<Integer>, SignatureWeights> CACHE = new ConcurrentHashMap<>();

  SignatureWeights {
    numerators = List.copyOf(numerators);
  }

  /** The weights of {@code sortedIndices} (ascending, distinct, in 1..255). */
  static SignatureWeights of(final List<Integer> sortedIndices) {
    final SignatureWeights cached = CACHE.get(sortedIndices);
    if (cached != null) {
      return cached;
    }
    final LagrangeInterpolator.IntegerWeights weights =
        LagrangeInterpolator.integerWeightsAtZero(sortedIndices);
    final SignatureWeights computed =
        new SignatureWeights(
            weights.numerators(),
            weights.denominator().equals(BigInteger.ONE)
                ? null
                : weights.denominator().modInverse(Bls.CURVE_ORDER));
    if (CACHE.size() >= MAX_CACHED_SETS) {
      CACHE.clear();
    }
    CACHE.put(List.copyOf(sortedIndices), computed);
    return computed;
  }
}
