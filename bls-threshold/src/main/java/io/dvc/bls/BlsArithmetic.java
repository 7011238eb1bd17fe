package io.dvc.bls;

import java.math.BigInteger;
import java.util.List;
import supranational.blst.P1;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * Group arithmetic on public keys (G1) and signatures (G2) for threshold schemes: weighted sums and
 * polynomial evaluation. Every input point must decode (subgroup checked); weights are integers,
 * negative ones allowed, interpreted modulo r. Small weights are cheap: the cost of a scalar
 * multiplication grows with the bit length of the weight.
 */
public final class BlsArithmetic {
  static final int SMALL_WEIGHT_BITS = 16;

  private BlsArithmetic() {}

  /**
   * The sum of {@code weights[i] * signatures[i]}. The inputs need only decode to curve points; the
   * subgroup check happens on the result, when it is used ({@link BlsSignature#isValid()}, verify),
   * so a combination of t partials costs one subgroup check instead of t.
   *
   * @throws BlsException when an input is not a compressed G2 curve point
   */
  public static BlsSignature weightedSum(
      final List<BlsSignature> signatures, final List<BigInteger> weights) {
    requireSameSize(signatures.size(), weights.size());
    BlstLoader.ensureLoaded();
    final P2 sum = new P2();
    for (int i = 0; i < signatures.size(); i++) {
      final BigInteger weight = reduce(weights.get(i));
      final P2_Affine point = signatures.get(i).curvePoint();
      final P2 term =
          weight.bitLength() <= SMALL_WEIGHT_BITS
              ? smallMultiple(point, weight.abs().intValue())
              : new P2(point).mult(weight.abs());
      sum.add(weight.signum() < 0 ? term.neg() : term);
    }
    return BlsSignature.fromCurvePoint(sum);
  }

  /** The sum of {@code weights[i] * publicKeys[i]} (keys may be the point at infinity). */
  public static BlsPublicKey weightedSumOfKeys(
      final List<BlsPublicKey> publicKeys, final List<BigInteger> weights) {
    requireSameSize(publicKeys.size(), weights.size());
    BlstLoader.ensureLoaded();
    final P1 sum = new P1();
    for (int i = 0; i < publicKeys.size(); i++) {
      final BigInteger weight = reduce(weights.get(i));
      final P1 term = new P1(publicKeys.get(i).point()).mult(weight.abs());
      sum.add(weight.signum() < 0 ? term.neg() : term);
    }
    return BlsPublicKey.fromPoint(sum);
  }

  /** {@code scalar * signature}. */
  public static BlsSignature multiply(final BlsSignature signature, final BigInteger scalar) {
    return weightedSum(List.of(signature), List.of(scalar));
  }

  /** {@code scalar * G1}: the public key of a scalar (any value mod r, zero gives infinity). */
  public static BlsPublicKey publicKeyOf(final BigInteger scalar) {
    final BigInteger reduced = scalar.mod(Bls.CURVE_ORDER);
    return BlsPublicKey.fromPoint(new P1(Bls.generatorG1()).mult(reduced));
  }

  /**
   * Evaluates the polynomial {@code sum_j coefficients[j] * x^j} in G1 by Horner's rule; with a
   * small {@code x} (a share index) every step is a short scalar multiplication.
   */
  public static BlsPublicKey evaluatePolynomial(
      final List<BlsPublicKey> coefficients, final int x) {
    if (coefficients.isEmpty()) {
      throw new IllegalArgumentException("a polynomial needs at least one coefficient");
    }
    BlstLoader.ensureLoaded();
    final BigInteger point = BigInteger.valueOf(x).mod(Bls.CURVE_ORDER);
    final P1 acc = new P1(coefficients.get(coefficients.size() - 1).point());
    for (int j = coefficients.size() - 2; j >= 0; j--) {
      acc.mult(point).add(coefficients.get(j).point());
    }
    return BlsPublicKey.fromPoint(acc);
  }

  /**
   * {@code k * point} by double-and-add, for the small public weights of Lagrange interpolation (k
   * below 2^{@value #SMALL_WEIGHT_BITS}): a few additions instead of a generic scalar
   * multiplication, which costs about seven times as much for such scalars. Not constant time; the
   * weights are not secret.
   */
  static P2 smallMultiple(final P2_Affine point, final int k) {
    if (k == 0) {
      return new P2();
    }
    final P2 acc = new P2(point);
    for (int bit = 30 - Integer.numberOfLeadingZeros(k); bit >= 0; bit--) {
      acc.dbl();
      if ((k >>> bit & 1) != 0) {
        acc.add(point);
      }
    }
    return acc;
  }

  private static BigInteger reduce(final BigInteger weight) {
    return weight.bitLength() < Bls.CURVE_ORDER.bitLength() ? weight : weight.mod(Bls.CURVE_ORDER);
  }

  private static void requireSameSize(final int points, final int weights) {
    if (points != weights) {
      throw new IllegalArgumentException("got " + points + " points but " + weights + " weights");
    }
  }
}
