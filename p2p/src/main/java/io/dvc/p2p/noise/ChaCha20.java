package io.dvc.p2p.noise;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The ChaCha20 stream cipher (RFC 8439 section 2.4): XORs the keystream of a 32-byte key and a
 * 96-bit nonce (three little-endian words) into a buffer in place. This is the portable scalar
 * version, one 64-byte block at a time; {@link ChaCha20Vector} computes many blocks at once with
 * the JDK's Vector API when that module is present.
 *
 * <p>Not thread safe.
 */
class ChaCha20 {
  static final int BLOCK = 64;
  static final int C0 = 0x61707865;
  static final int C1 = 0x3320646e;
  static final int C2 = 0x79622d32;
  static final int C3 = 0x6b206574;
  private static final VarHandle LE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  final int[] key = new int[8];
  private final byte[] tail = new byte[BLOCK];

  ChaCha20(final byte[] keyBytes) {
    for (int i = 0; i < 8; i++) {
      key[i] = (int) LE_INT.get(keyBytes, 4 * i);
    }
  }

  /**
   * The fastest ChaCha20 this JVM can run: {@link ChaCha20Vector} when the {@code
   * jdk.incubator.vector} module is present (started with {@code --add-modules
   * jdk.incubator.vector}), its vectors hold at least 8 ints and it agrees with the scalar code on
   * a self-test; the scalar code otherwise, or when {@code -Ddvc.p2p.scalarChaCha=true}.
   */
  static ChaCha20 create(final byte[] keyBytes) {
    return VECTOR != null ? VECTOR.apply(keyBytes) : new ChaCha20(keyBytes);
  }

  /** Whether {@link #create} returns the vector implementation. */
  static boolean vectorized() {
    return VECTOR != null;
  }

  private static final Function<byte[], ChaCha20> VECTOR = vectorFactory();

  private static Function<byte[], ChaCha20> vectorFactory() {
    if (Boolean.getBoolean("dvc.p2p.scalarChaCha")
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return null;
    }
    try {
      final Class<?> type = Class.forName("io.dvc.p2p.noise.ChaCha20Vector");
      if ((int) type.getDeclaredMethod("lanes").invoke(null) < 8) {
        return null; // 128-bit vectors: not worth it
      }
      final Constructor<?> ctor = type.getDeclaredConstructor(byte[].class);
      final Function<byte[], ChaCha20> factory =
          key -> {
            try {
              return (ChaCha20) ctor.newInstance((Object) key);
            } catch (final ReflectiveOperationException e) {
              throw new IllegalStateException("ChaCha20Vector unavailable", e);
            }
          };
      return agrees(factory.apply(new byte[32]), new ChaCha20(new byte[32])) ? factory : null;
    } catch (final ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }

  /** Self-test: both give the same keystream for a few lengths and counters. */
  private static boolean agrees(final ChaCha20 fast, final ChaCha20 scalar) {
    for (final int len : new int[] {1, 63, 64, 300, 1000, 1024, 2048 + 17, 5000}) {
      final byte[] a = new byte[len];
      final byte[] b = new byte[len];
      for (int i = 0; i < len; i++) {
        a[i] = b[i] = (byte) (i * 31 + 7);
      }
      fast.xor(len, 3, -1, len * 7, a, 0, len);
      scalar.xor(len, 3, -1, len * 7, b, 0, len);
      if (!Arrays.equals(a, b)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Bytes per {@link #xor} call that use the fast path fully; callers passing whole multiples of it
   * (but the last) get the best speed.
   */
  int stride() {
    return BLOCK;
  }

  /**
   * XORs the keystream starting at block {@code counter} for nonce words {@code n0, n1, n2} into
   * {@code buf[off, off+len)}.
   */
  void xor(
      final int counter,
      final int n0,
      final int n1,
      final int n2,
      final byte[] buf,
      final int off,
      final int len) {
    int c = counter;
    int i = 0;
    for (; len - i >= BLOCK; i += BLOCK) {
      block(c++, n0, n1, n2, buf, off + i);
    }
    if (i < len) {
      Arrays.fill(tail, (byte) 0);
      block(c, n0, n1, n2, tail, 0);
      for (int j = 0; i < len; i++, j++) {
        buf[off + i] ^= tail[j];
      }
    }
  }

  void destroy() {
    Arrays.fill(key, 0);
    Arrays.fill(tail, (byte) 0);
  }

  private static long pair(final int lo, final int hi) {
    return (lo & 0xffffffffL) | ((long) hi << 32);
  }

  private static void xorLong(final byte[] buf, final int off, final long word) {
    LE_LONG.set(buf, off, (long) LE_LONG.get(buf, off) ^ word);
  }

  /** One block: the 20-round core plus the input, XORed into {@code buf[off, off+64)}. */
  final void block(
      final int counter,
      final int n0,
      final int n1,
      final int n2,
      final byte[] buf,
      final int off) {
    final int[] k = key;
    final int k0 = k[0], k1 = k[1], k2 = k[2], k3 = k[3];
    final int k4 = k[4], k5 = k[5], k6 = k[6], k7 = k[7];
    int x0 = C0, x1 = C1, x2 = C2, x3 = C3;
    int x4 = k0, x5 = k1, x6 = k2, x7 = k3;
    int x8 = k4, x9 = k5, x10 = k6, x11 = k7;
    int x12 = counter, x13 = n0, x14 = n1, x15 = n2;
    for (int round = 0; round < 10; round++) {
      // column rounds
      x0 += x4;
      x12 = Integer.rotateLeft(x12 ^ x0, 16);
      x8 += x12;
      x4 = Integer.rotateLeft(x4 ^ x8, 12);
      x0 += x4;
      x12 = Integer.rotateLeft(x12 ^ x0, 8);
      x8 += x12;
      x4 = Integer.rotateLeft(x4 ^ x8, 7);
      x1 += x5;
      x13 = Integer.rotateLeft(x13 ^ x1, 16);
      x9 += x13;
      x5 = Integer.rotateLeft(x5 ^ x9, 12);
      x1 += x5;
      x13 = Integer.rotateLeft(x13 ^ x1, 8);
      x9 += x13;
      x5 = Integer.rotateLeft(x5 ^ x9, 7);
      x2 += x6;
      x14 = Integer.rotateLeft(x14 ^ x2, 16);
      x10 += x14;
      x6 = Integer.rotateLeft(x6 ^ x10, 12);
      x2 += x6;
      x14 = Integer.rotateLeft(x14 ^ x2, 8);
      x10 += x14;
      x6 = Integer.rotateLeft(x6 ^ x10, 7);
      x3 += x7;
      x15 = Integer.rotateLeft(x15 ^ x3, 16);
      x11 += x15;
      x7 = Integer.rotateLeft(x7 ^ x11, 12);
      x3 += x7;
      x15 = Integer.rotateLeft(x15 ^ x3, 8);
      x11 += x15;
      x7 = Integer.rotateLeft(x7 ^ x11, 7);
      // diagonal rounds
      x0 += x5;
      x15 = Integer.rotateLeft(x15 ^ x0, 16);
      x10 += x15;
      x5 = Integer.rotateLeft(x5 ^ x10, 12);
      x0 += x5;
      x15 = Integer.rotateLeft(x15 ^ x0, 8);
      x10 += x15;
      x5 = Integer.rotateLeft(x5 ^ x10, 7);
      x1 += x6;
      x12 = Integer.rotateLeft(x12 ^ x1, 16);
      x11 += x12;
      x6 = Integer.rotateLeft(x6 ^ x11, 12);
      x1 += x6;
      x12 = Integer.rotateLeft(x12 ^ x1, 8);
      x11 += x12;
      x6 = Integer.rotateLeft(x6 ^ x11, 7);
      x2 += x7;
      x13 = Integer.rotateLeft(x13 ^ x2, 16);
      x8 += x13;
      x7 = Integer.rotateLeft(x7 ^ x8, 12);
      x2 += x7;
      x13 = Integer.rotateLeft(x13 ^ x2, 8);
      x8 += x13;
      x7 = Integer.rotateLeft(x7 ^ x8, 7);
      x3 += x4;
      x14 = Integer.rotateLeft(x14 ^ x3, 16);
      x9 += x14;
      x4 = Integer.rotateLeft(x4 ^ x9, 12);
      x3 += x4;
      x14 = Integer.rotateLeft(x14 ^ x3, 8);
      x9 += x14;
      x4 = Integer.rotateLeft(x4 ^ x9, 7);
    }
    xorLong(buf, off, pair(x0 + C0, x1 + C1));
    xorLong(buf, off + 8, pair(x2 + C2, x3 + C3));
    xorLong(buf, off + 16, pair(x4 + k0, x5 + k1));
    xorLong(buf, off + 24, pair(x6 + k2, x7 + k3));
    xorLong(buf, off + 32, pair(x8 + k4, x9 + k5));
    xorLong(buf, off + 40, pair(x10 + k6, x11 + k7));
    xorLong(buf, off + 48, pair(x12 + counter, x13 + n0));
    xorLong(buf, off + 56, pair(x14 + n1, x15 + n2));
  }
}
