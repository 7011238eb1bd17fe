package io.dvc.bls.threshold;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsArithmetic;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Shamir secret sharing of a BLS secret key with Feldman commitments. The secret is the constant
 * term of a random polynomial of degree t-1 over the scalar field; share i is its value at i.
 */
public final class ThresholdKeySplitter {
  private final SecureRandom random;

  public ThresholdKeySplitter(final SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Splits a key into n shares, any t of which recover it.
   *
   * @throws IllegalArgumentException unless 1 <= t <= n <= 255
   */
  public KeySplit split(final BlsSecretKey secretKey, final int threshold, final int shareCount) {
    checkParameters(threshold, shareCount);
    final BigInteger[] coefficients = new BigInteger[threshold];
    coefficients[0] = secretKey.toScalar();
    for (int j = 1; j < threshold; j++) {
      coefficients[j] = randomScalar();
    }
    try {
      return new KeySplit(shares(coefficients, shareCount), commitments(coefficients));
    } finally {
      Arrays.fill(coefficients, BigInteger.ZERO);
    }
  }

  /** Generates a fresh random key and splits it. */
  public KeySplit splitRandom(final int threshold, final int shareCount) {
    final BlsSecretKey secretKey = BlsSecretKey.random(random);
    try {
      return split(secretKey, threshold, shareCount);
    } finally {
      secretKey.destroy();
    }
  }

  static void checkParameters(final int threshold, final int shareCount) {
    if (threshold < 1 || threshold > shareCount || shareCount > ShareIndices.MAX) {
      throw new IllegalArgumentException(
          "need 1 <= threshold <= shares <= "
              + ShareIndices.MAX
              + ", got threshold "
              + threshold
              + " and "
              + shareCount
              + " shares");
    }
  }

  private List<SecretShare> shares(final BigInteger[] coefficients, final int shareCount) {
    final List<SecretShare> shares = new ArrayList<>(shareCount);
    for (int index = 1; index <= shareCount; index++) {
      final BigInteger value = evaluate(coefficients, index);
      if (value.signum() == 0) {
        // Probability about n / 2^255; a zero share is not a valid key, so start over.
        throw new IllegalStateException("share polynomial has a root at " + index + "; retry");
      }
      shares.add(new SecretShare(index, BlsSecretKey.fromScalar(value)));
    }
    return shares;
  }

  private static FeldmanCommitments commitments(final BigInteger[] coefficients) {
    final List<BlsPublicKey> points = new ArrayList<>(coefficients.length);
    for (final BigInteger coefficient : coefficients) {
      points.add(BlsArithmetic.publicKeyOf(coefficient));
    }
    return new FeldmanCommitments(points);
  }

  private static BigInteger evaluate(final BigInteger[] coefficients, final int x) {
    final BigInteger point = BigInteger.valueOf(x);
    BigInteger acc = BigInteger.ZERO;
    for (int j = coefficients.length - 1; j >= 0; j--) {
      acc = acc.multiply(point).add(coefficients[j]).mod(Bls.CURVE_ORDER);
    }
    return acc;
  }

  private BigInteger randomScalar() {
    final byte[] wide = new byte[48];
    random.nextBytes(wide);
    final BigInteger value = new BigInteger(1, wide).mod(Bls.CURVE_ORDER);
    Arrays.fill(wide, (byte) 0);
    return value;
  }
}
