package io.dvc.p2p.noise;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.nio.ByteOrder;

/**
 * Poly1305 (RFC 8439 section 2.5) with the accumulator in three 64-bit limbs (base 2^64) and the
 * 128-bit products from {@link Math#multiplyHigh}, an intrinsic on JDK 17: ten multiplications per
 * 16-byte block where 26-bit limbs need twenty-five.
 *
 * <p>Not thread safe; reusable through {@link #init}.
 */
final class Poly1305 {
  static final int BLOCK = 16;
  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Many blocks at once: absorbs whole steps of {@link #blocksPerStep} blocks. */
  interface Lanes {
    int blocksPerStep();

    /** Starts from accumulator h (64-bit words) with key part r (64-bit words, clamped). */
    void start(long h0, long h1, long h2, long r0, long r1);

    void absorb(byte[] m, int off, int steps);

    /** The accumulator after everything absorbed, partially reduced, into {@code h[0..2]}. */
    void finish(long[] h);

    void destroy();
  }

  // after LE_LONG: the self-test runs the serial code during class initialization
  private static final Constructor<?> LANES = lanesConstructor();

  /**
   * {@link Poly1305Vector} lanes when the {@code jdk.incubator.vector} module is present, vectors
   * are 512 bits wide (AVX-512 multiplies 64-bit lanes) and a self-test against the serial code
   * passes; otherwise (or with {@code -Ddvc.p2p.scalarPoly1305=true}) none.
   */
  private static Constructor<?> lanesConstructor() {
    if (Boolean.getBoolean("dvc.p2p.scalarPoly1305")
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return null;
    }
    try {
      final Class<?> type = Class.forName("io.dvc.p2p.noise.Poly1305Vector");
      if ((int) type.getDeclaredMethod("lanes").invoke(null) < 8) {
        return null;
      }
      final Constructor<?> ctor = type.getDeclaredConstructor();
      return agrees((Lanes) ctor.newInstance()) ? ctor : null;
    } catch (final ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }

  private static boolean agrees(final Lanes lanes) {
    final byte[] key = new byte[32];
    final byte[] message = new byte[4096 + 48];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 89 + 13);
    }
    for (int i = 0; i < message.length; i++) {
      message[i] = (byte) (i * 61 + 5);
    }
    final byte[] serial = new byte[BLOCK];
    final byte[] parallel = new byte[BLOCK];
    final Poly1305 a = new Poly1305(null);
    a.init(key, 0);
    a.blocks(message, 0, message.length / BLOCK);
    a.finish(serial, 0);
    final Poly1305 b = new Poly1305(lanes);
    b.init(key, 0);
    b.blocks(message, 0, 3);
    b.blocks(message, 3 * BLOCK, message.length / BLOCK - 3);
    b.finish(parallel, 0);
    return java.util.Arrays.equals(serial, parallel);
  }

  /** With vector lanes when {@link #lanesConstructor} found them usable. */
  static Poly1305 create() {
    try {
      return new Poly1305(LANES == null ? null : (Lanes) LANES.newInstance());
    } catch (final ReflectiveOperationException e) {
      throw new IllegalStateException("Poly1305Vector unavailable", e);
    }
  }

  static boolean vectorized() {
    return LANES != null;
  }

  /**
   * Blocks in one call from which the lanes are started: starting (r^2..r^8) and finishing (eight
   * multiplications) cost about as much as 20 serial blocks.
   */
  static final int LANES_MIN_BLOCKS = 64;

  private final Lanes lanes;
  private final long[] laneResult = new long[3];
  private boolean lanesOpen;

  Poly1305(final Lanes lanes) {
    this.lanes = lanes;
  }

  private long r0;
  private long r1;
  private long s1;
  private long pad0;
  private long pad1;
  private long h0;
  private long h1;
  private long h2;

  /** Starts a MAC with the 32-byte one-time key at {@code key[off]} (r, then s). */
  void init(final byte[] key, final int off) {
    r0 = (long) LE_LONG.get(key, off) & 0x0ffffffc0fffffffL;
    r1 = (long) LE_LONG.get(key, off + 8) & 0x0ffffffc0ffffffcL;
    s1 = r1 + (r1 >>> 2); // r1 is a multiple of 4, so this is 5 * r1 / 4
    pad0 = (long) LE_LONG.get(key, off + 16);
    pad1 = (long) LE_LONG.get(key, off + 24);
    h0 = 0;
    h1 = 0;
    h2 = 0;
    lanesOpen = false;
  }

  /** The carry out of {@code a + b (+ carry in) = sum} in bit 0. */
  private static long carry(final long a, final long b, final long sum) {
    return ((a & b) | ((a | b) & ~sum)) >>> 63;
  }

  /** High 64 bits of the unsigned product; {@code b} must be below 2^63. */
  private static long mulHigh(final long a, final long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b);
  }

  /**
   * Absorbs {@code count} whole 16-byte blocks from {@code m[off]}, each with 2^128 added (the
   * RFC's appended 0x01 byte).
   */
  void blocks(final byte[] m, final int off, final int count) {
    int at = off;
    int left = count;
    if (lanes != null && (lanesOpen ? left >= lanes.blocksPerStep() : left >= LANES_MIN_BLOCKS)) {
      if (!lanesOpen) {
        lanes.start(h0, h1, h2, r0, r1);
        lanesOpen = true;
      }
      final int steps = left / lanes.blocksPerStep();
      lanes.absorb(m, at, steps);
      at += steps * lanes.blocksPerStep() * BLOCK;
      left -= steps * lanes.blocksPerStep();
      if (left == 0) {
        return;
      }
    }
    closeLanes();
    block(m, at, left, 1);
  }

  /** Takes the accumulator back from the lanes, if they have it. */
  private void closeLanes() {
    if (lanesOpen) {
      lanes.finish(laneResult);
      h0 = laneResult[0];
      h1 = laneResult[1];
      h2 = laneResult[2];
      lanesOpen = false;
    }
  }

  private void block(final byte[] m, final int start, final int count, final long hibit) {
    final long r0 = this.r0;
    final long r1 = this.r1;
    final long s1 = this.s1;
    long h0 = this.h0;
    long h1 = this.h1;
    long h2 = this.h2;
    int off = start;
    for (int i = 0; i < count; i++, off += BLOCK) {
      final long m0 = (long) LE_LONG.get(m, off);
      final long m1 = (long) LE_LONG.get(m, off + 8);
      // h += m
      final long t0 = h0 + m0;
      long c = carry(h0, m0, t0);
      final long t1 = h1 + m1 + c;
      c = carry(h1, m1, t1);
      final long t2 = h2 + hibit + c;
      // d = h * r, with 2^128 * r1 folded in as s1 (2^130 = 5 mod p)
      final long a0 = t0 * r0;
      final long b0 = t1 * s1;
      final long d0 = a0 + b0;
      final long d0h = mulHigh(t0, r0) + mulHigh(t1, s1) + carry(a0, b0, d0);
      final long a1 = t0 * r1;
      final long b1 = t1 * r0;
      final long e1 = a1 + b1;
      long d1h = mulHigh(t0, r1) + mulHigh(t1, r0) + carry(a1, b1, e1);
      final long c1 = t2 * s1;
      final long f1 = e1 + c1;
      d1h += carry(e1, c1, f1);
      final long d1 = f1 + d0h;
      d1h += carry(f1, d0h, d1);
      final long d2 = t2 * r0 + d1h;
      // partial reduction: bits from 2^130 up come back times 5
      final long fold = (d2 & ~3L) + (d2 >>> 2);
      h0 = d0 + fold;
      c = carry(d0, fold, h0);
      h1 = d1 + c;
      c = carry(d1, c, h1);
      h2 = (d2 & 3) + c;
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
  }

  /**
   * Absorbs {@code len} bytes as RFC 8439 section 2.5 does: whole blocks, then a short final block
   * with 0x01 appended and no 2^128 bit. For the AEAD use {@link #blocks} on zero-padded data.
   */
  void update(final byte[] m, final int off, final int len) {
    closeLanes();
    final int whole = len / BLOCK;
    block(m, off, whole, 1);
    final int rest = len - whole * BLOCK;
    if (rest > 0) {
      final byte[] last = new byte[BLOCK];
      System.arraycopy(m, off + whole * BLOCK, last, 0, rest);
      last[rest] = 1;
      block(last, 0, 1, 0);
    }
  }

  /** Final reduction mod 2^130 - 5 plus s, written little-endian at {@code out[off]}. */
  void finish(final byte[] out, final int off) {
    closeLanes();
    // h < 2 * (2^130 - 5) here; g = h + 5 - 2^130 is h mod p when it is not negative
    final long g0 = h0 + 5;
    long c = carry(h0, 5, g0);
    final long g1 = h1 + c;
    c = carry(h1, c, g1);
    final long g2 = h2 + c;
    final long useG = -(g2 >>> 2);
    final long f0 = (h0 & ~useG) | (g0 & useG);
    final long f1 = (h1 & ~useG) | (g1 & useG);
    final long t0 = f0 + pad0;
    final long t1 = f1 + pad1 + carry(f0, pad0, t0);
    LE_LONG.set(out, off, t0);
    LE_LONG.set(out, off + 8, t1);
  }

  void destroy() {
    if (lanes != null) {
      lanes.destroy();
    }
    java.util.Arrays.fill(laneResult, 0);
    r0 = r1 = s1 = pad0 = pad1 = h0 = h1 = h2 = 0;
  }
}
