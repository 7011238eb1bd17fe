package io.dvc.bls.threshold;

import io.dvc.bls.Bls;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lagrange coefficients at x = 0 over the scalar field: {@code lambda_i = prod_{j != i} j / (j -
 * i)}. For the small index sets of a cluster these are ratios of small integers, so besides the
 * coefficients mod r this class offers them as integer numerators over one common denominator,
 * which makes the point multiplications short.
 */
public final class LagrangeInterpolator {
  /** Numerators above this size are not worth keeping small. */
  private static final int MAX_SMALL_BITS = 128;

  private LagrangeInterpolator() {}

  /**
   * {@code lambda_i = numerators[i] / denominator (mod r)}; numerators may be negative. The
   * denominator is positive.
   */
  public record IntegerWeights(List<BigInteger> numerators, BigInteger denominator) {
    public IntegerWeights {
      numerators = List.copyOf(numerators);
    }
  }

  /** The coefficients {@code lambda_i} mod r, in the order of {@code indices}. */
  public static List<BigInteger> coefficientsAtZero(final List<Integer> indices) {
    final IntegerWeights weights = integerWeightsAtZero(indices);
    final BigInteger inverse = weights.denominator().modInverse(Bls.CURVE_ORDER);
    return weights.numerators().stream()
        .map(n -> n.multiply(inverse).mod(Bls.CURVE_ORDER))
        .toList();
  }

  /**
   * The coefficients as integer numerators over a common denominator. When the integers would be
   * large the numerators are the coefficients mod r and the denominator is 1.
   *
   * @throws IllegalArgumentException when the indices are empty, repeated or outside 1..255
   */
  public static IntegerWeights integerWeightsAtZero(final List<Integer> indices) {
    checkIndices(indices);
    final List<BigInteger> numerators = new ArrayList<>(indices.size());
    final List<BigInteger> denominators = new ArrayList<>(indices.size());
    BigInteger lcm = BigInteger.ONE;
    for (final int i : indices) {
      BigInteger numerator = BigInteger.ONE;
      BigInteger denominator = BigInteger.ONE;
      for (final int j : indices) {
        if (j != i) {
          numerator = numerator.multiply(BigInteger.valueOf(j));
          denominator = denominator.multiply(BigInteger.valueOf(j - i));
        }
      }
      final BigInteger gcd = numerator.gcd(denominator);
      numerator = numerator.divide(gcd);
      denominator = denominator.divide(gcd);
      if (denominator.signum() < 0) {
        numerator = numerator.negate();
        denominator = denominator.negate();
      }
      numerators.add(numerator);
      denominators.add(denominator);
      lcm = lcm.divide(lcm.gcd(denominator)).multiply(denominator);
    }
    final List<BigInteger> scaled = new ArrayList<>(indices.size());
    for (int k = 0; k < indices.size(); k++) {
      scaled.add(numerators.get(k).multiply(lcm.divide(denominators.get(k))));
    }
    if (lcm.bitLength() > MAX_SMALL_BITS
        || scaled.stream().anyMatch(n -> n.bitLength() > MAX_SMALL_BITS)) {
      return reduced(scaled, lcm);
    }
    return new IntegerWeights(scaled, lcm);
  }

  private static IntegerWeights reduced(final List<BigInteger> scaled, final BigInteger lcm) {
    final BigInteger inverse = lcm.modInverse(Bls.CURVE_ORDER);
    return new IntegerWeights(
        scaled.stream().map(n -> n.multiply(inverse).mod(Bls.CURVE_ORDER)).toList(),
        BigInteger.ONE);
  }

  private static void checkIndices(final List<Integer> indices) {
    if (indices.isEmpty()) {
      throw new IllegalArgumentException("Lagrange interpolation needs at least one index");
    }
    final Set<Integer> seen = new HashSet<>();
    for (final int index : indices) {
      ShareIndices.check(index);
      if (!seen.add(index)) {
        throw new IllegalArgumentException("share index " + index + " appears twice");
      }
    }
  }
}
