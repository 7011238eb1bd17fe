package io.dvc.dkg;

import io.dvc.bls.Bls;
import java.math.BigInteger;
import java.security.SecureRandom;

/** Scalars of BLS12-381 Fr as 32-byte big-endian arrays. */
final class Scalars {
  static final int SIZE = 32;

  private Scalars() {}

  /** The 32-byte big-endian encoding of a value in 0..r-1. */
  static byte[] toBytes32(final BigInteger value) {
    final byte[] raw = value.toByteArray();
    final byte[] out = new byte[SIZE];
    final int copy = Math.min(raw.length, SIZE);
    System.arraycopy(raw, raw.length - copy, out, SIZE - copy, copy);
    java.util.Arrays.fill(raw, (byte) 0);
    return out;
  }

  /** A uniform scalar (48 random bytes reduced mod r). */
  static BigInteger random(final SecureRandom random) {
    final byte[] wide = new byte[48];
    random.nextBytes(wide);
    try {
      return new BigInteger(1, wide).mod(Bls.CURVE_ORDER);
    } finally {
      java.util.Arrays.fill(wide, (byte) 0);
    }
  }
}
