package io.dvc.p2p.noise;

import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;

import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Poly1305 lanes on the JDK's incubating Vector API: 26-bit limbs in 64-bit lanes, one block per
 * lane, so a 512-bit vector absorbs 8 blocks per step. Lane j runs Horner's rule with r^8 over
 * blocks j, j + 8, j + 16, ...; at the end lane j is multiplied by r^(8 - j) and the lanes are
 * added, which gives the serial result. Used by {@link Poly1305} through {@link Poly1305.Lanes}
 * only when {@link Poly1305#create} finds the module and 512-bit vectors (the 64-bit lane
 * multiplication needs AVX-512).
 */
final class Poly1305Vector implements Poly1305.Lanes {
  static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;

  /**
   * Message bytes are loaded as bytes and reinterpreted as longs (the platform's byte order, which
   * the self-test checks): {@code LongVector.fromByteArray} was removed in JDK 22.
   */
  private static final VectorSpecies<Byte> BYTES =
      VectorSpecies.of(byte.class, SPECIES.vectorShape());

  private static final int LANES = SPECIES.length();
  private static final long M26 = 0x3ffffff;
  private static final VectorShuffle<Long> LOW_WORDS = deinterleave(0);
  private static final VectorShuffle<Long> HIGH_WORDS = deinterleave(1);

  /** r^1 .. r^LANES in 26-bit limbs: {@code powers[(k - 1) * 5 + limb]}. */
  private final long[] powers = new long[5 * LANES];

  /** Lane j's final multiplier r^(LANES - j), limb-major: {@code finals[limb * LANES + j]}. */
  private final long[] finals = new long[5 * LANES];

  /** The lane accumulators between calls, limb-major. */
  private final long[] acc = new long[5 * LANES];

  private final long[] limbs = new long[5];
  private final long[] lane = new long[5];
  private final long[] power = new long[5];
  private boolean fresh;

  /** Lane k of the result takes word {@code 2k + which} of two vectors of (low, high) pairs. */
  private static VectorShuffle<Long> deinterleave(final int which) {
    final int[] index = new int[LANES];
    for (int k = 0; k < LANES; k++) {
      final int word = 2 * k + which;
      index[k] = word < LANES ? word : word - 2 * LANES; // negative: the second vector
    }
    return VectorShuffle.fromArray(SPECIES, index, 0);
  }

  static int lanes() {
    return LANES;
  }

  @Override
  public int blocksPerStep() {
    return LANES;
  }

  @Override
  public void start(final long h0, final long h1, final long h2, final long r0, final long r1) {
    toLimbs(r0, r1, 0, powers, 0);
    for (int k = 1; k < LANES; k++) {
      multiply(powers, (k - 1) * 5, powers, 0, powers, k * 5);
    }
    for (int j = 0; j < LANES; j++) {
      final int power = LANES - j; // lane j gets r^power
      for (int limb = 0; limb < 5; limb++) {
        finals[limb * LANES + j] = powers[(power - 1) * 5 + limb];
      }
    }
    Arrays.fill(acc, 0);
    toLimbs(h0, h1, h2, limbs, 0);
    for (int limb = 0; limb < 5; limb++) {
      acc[limb * LANES] = limbs[limb];
    }
    fresh = true;
  }

  /** 130-bit little-endian 64-bit words to five 26-bit limbs at {@code out[off]}. */
  private static void toLimbs(
      final long w0, final long w1, final long w2, final long[] out, final int off) {
    out[off] = w0 & M26;
    out[off + 1] = (w0 >>> 26) & M26;
    out[off + 2] = ((w0 >>> 52) | (w1 << 12)) & M26;
    out[off + 3] = (w1 >>> 14) & M26;
    out[off + 4] = (w1 >>> 40) | (w2 << 24);
  }

  /** out = a * b mod 2^130 - 5, limbs below 2^26 (out may alias a or b). */
  private static void multiply(
      final long[] a, final int ao, final long[] b, final int bo, final long[] out, final int oo) {
    final long a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3], a4 = a[ao + 4];
    final long b0 = b[bo], b1 = b[bo + 1], b2 = b[bo + 2], b3 = b[bo + 3], b4 = b[bo + 4];
    final long s1 = 5 * b1, s2 = 5 * b2, s3 = 5 * b3, s4 = 5 * b4;
    long d0 = a0 * b0 + a1 * s4 + a2 * s3 + a3 * s2 + a4 * s1;
    long d1 = a0 * b1 + a1 * b0 + a2 * s4 + a3 * s3 + a4 * s2;
    long d2 = a0 * b2 + a1 * b1 + a2 * b0 + a3 * s4 + a4 * s3;
    long d3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + a4 * s4;
    long d4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0;
    d1 += d0 >>> 26;
    d0 &= M26;
    d2 += d1 >>> 26;
    d1 &= M26;
    d3 += d2 >>> 26;
    d2 &= M26;
    d4 += d3 >>> 26;
    d3 &= M26;
    d0 += 5 * (d4 >>> 26);
    d4 &= M26;
    d1 += d0 >>> 26;
    d0 &= M26;
    d2 += d1 >>> 26;
    d1 &= M26;
    out[oo] = d0;
    out[oo + 1] = d1;
    out[oo + 2] = d2;
    out[oo + 3] = d3;
    out[oo + 4] = d4;
  }

  @Override
  public void absorb(final byte[] m, final int start, final int steps) {
    final int top = (LANES - 1) * 5;
    final long r0 = powers[top], r1 = powers[top + 1], r2 = powers[top + 2];
    final long r3 = powers[top + 3], r4 = powers[top + 4];
    final long s1 = 5 * r1, s2 = 5 * r2, s3 = 5 * r3, s4 = 5 * r4;
    LongVector a0 = LongVector.fromArray(SPECIES, acc, 0);
    LongVector a1 = LongVector.fromArray(SPECIES, acc, LANES);
    LongVector a2 = LongVector.fromArray(SPECIES, acc, 2 * LANES);
    LongVector a3 = LongVector.fromArray(SPECIES, acc, 3 * LANES);
    LongVector a4 = LongVector.fromArray(SPECIES, acc, 4 * LANES);
    int off = start;
    for (int step = 0; step < steps; step++, off += 16 * LANES) {
      final LongVector v0 = (LongVector) ByteVector.fromArray(BYTES, m, off).reinterpretAsLongs();
      final LongVector v1 =
          (LongVector) ByteVector.fromArray(BYTES, m, off + 8 * LANES).reinterpretAsLongs();
      final LongVector lo = v0.rearrange(LOW_WORDS, v1);
      final LongVector hi = v0.rearrange(HIGH_WORDS, v1);
      final LongVector m0 = lo.and(M26);
      final LongVector m1 = lo.lanewise(LSHR, 26).and(M26);
      final LongVector m2 = lo.lanewise(LSHR, 52).or(hi.lanewise(LSHL, 12)).and(M26);
      final LongVector m3 = hi.lanewise(LSHR, 14).and(M26);
      final LongVector m4 = hi.lanewise(LSHR, 40).or(1L << 24);
      if (fresh) {
        fresh = false;
      } else {
        // a = a * r^LANES, partially reduced
        LongVector d0 = a0.mul(r0).add(a1.mul(s4)).add(a2.mul(s3)).add(a3.mul(s2)).add(a4.mul(s1));
        LongVector d1 = a0.mul(r1).add(a1.mul(r0)).add(a2.mul(s4)).add(a3.mul(s3)).add(a4.mul(s2));
        LongVector d2 = a0.mul(r2).add(a1.mul(r1)).add(a2.mul(r0)).add(a3.mul(s4)).add(a4.mul(s3));
        LongVector d3 = a0.mul(r3).add(a1.mul(r2)).add(a2.mul(r1)).add(a3.mul(r0)).add(a4.mul(s4));
        LongVector d4 = a0.mul(r4).add(a1.mul(r3)).add(a2.mul(r2)).add(a3.mul(r1)).add(a4.mul(r0));
        d1 = d1.add(d0.lanewise(LSHR, 26));
        d0 = d0.and(M26);
        d2 = d2.add(d1.lanewise(LSHR, 26));
        d1 = d1.and(M26);
        d3 = d3.add(d2.lanewise(LSHR, 26));
        d2 = d2.and(M26);
        d4 = d4.add(d3.lanewise(LSHR, 26));
        d3 = d3.and(M26);
        d0 = d0.add(d4.lanewise(LSHR, 26).mul(5));
        d4 = d4.and(M26);
        d1 = d1.add(d0.lanewise(LSHR, 26));
        d0 = d0.and(M26);
        a0 = d0;
        a1 = d1;
        a2 = d2;
        a3 = d3;
        a4 = d4;
      }
      a0 = a0.add(m0);
      a1 = a1.add(m1);
      a2 = a2.add(m2);
      a3 = a3.add(m3);
      a4 = a4.add(m4);
    }
    a0.intoArray(acc, 0);
    a1.intoArray(acc, LANES);
    a2.intoArray(acc, 2 * LANES);
    a3.intoArray(acc, 3 * LANES);
    a4.intoArray(acc, 4 * LANES);
  }

  @Override
  public void finish(final long[] h) {
    // lane j times r^(LANES - j), then the sum of the lanes
    final long[] t = limbs;
    for (int limb = 0; limb < 5; limb++) {
      t[limb] = 0;
    }
    for (int j = 0; j < LANES; j++) {
      for (int limb = 0; limb < 5; limb++) {
        lane[limb] = acc[limb * LANES + j];
        power[limb] = finals[limb * LANES + j];
      }
      multiply(lane, 0, power, 0, lane, 0);
      for (int limb = 0; limb < 5; limb++) {
        t[limb] += lane[limb];
      }
    }
    // carry with the fold twice, then once without it: limbs 0-3 below 2^26, then 64-bit words
    for (int pass = 0; pass < 2; pass++) {
      t[1] += t[0] >>> 26;
      t[0] &= M26;
      t[2] += t[1] >>> 26;
      t[1] &= M26;
      t[3] += t[2] >>> 26;
      t[2] &= M26;
      t[4] += t[3] >>> 26;
      t[3] &= M26;
      t[0] += 5 * (t[4] >>> 26);
      t[4] &= M26;
    }
    t[1] += t[0] >>> 26;
    t[0] &= M26;
    t[2] += t[1] >>> 26;
    t[1] &= M26;
    t[3] += t[2] >>> 26;
    t[2] &= M26;
    t[4] += t[3] >>> 26;
    t[3] &= M26;
    h[0] = t[0] | (t[1] << 26) | (t[2] << 52);
    h[1] = (t[2] >>> 12) | (t[3] << 14) | (t[4] << 40);
    h[2] = t[4] >>> 24;
  }

  @Override
  public void destroy() {
    Arrays.fill(powers, 0);
    Arrays.fill(finals, 0);
    Arrays.fill(acc, 0);
    Arrays.fill(limbs, 0);
    Arrays.fill(lane, 0);
  }
}
