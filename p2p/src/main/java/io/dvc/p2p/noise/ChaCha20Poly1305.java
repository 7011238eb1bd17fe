package io.dvc.p2p.noise;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * ChaCha20-Poly1305 AEAD (RFC 8439 section 2.8) on byte arrays, in place, without allocation per
 * message. Written for the Noise transport, whose frames are at most 64 KiB: JDK 17's provider runs
 * at a fraction of this speed. Encryption and authentication go through the message in one pass of
 * 1 KiB chunks, so each chunk is MACed while it is still in the L1 cache. Cross-checked against the
 * JDK provider and the RFC's test vectors in the tests.
 *
 * <p>Not thread safe: one instance per direction.
 */
final class ChaCha20Poly1305 implements Aead {
  static final int TAG_LENGTH = 16;
  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final ChaCha20 chacha;
  private final Poly1305 poly;
  private final int chunk;
  private final byte[] polyKey = new byte[ChaCha20.BLOCK];
  private final byte[] lengths = new byte[16];
  private final byte[] padded = new byte[16];
  private final byte[] tag = new byte[TAG_LENGTH];

  ChaCha20Poly1305(final byte[] keyBytes) {
    this(ChaCha20.create(keyBytes), Poly1305.create());
  }

  /** Scalar Poly1305 with the given ChaCha20. */
  ChaCha20Poly1305(final ChaCha20 chacha) {
    this(chacha, new Poly1305(null));
  }

  ChaCha20Poly1305(final ChaCha20 chacha, final Poly1305 poly) {
    this.chacha = chacha;
    this.poly = poly;
    this.chunk = Math.max(1024, chacha.stride());
  }

  @Override
  public void destroy() {
    chacha.destroy();
    poly.destroy();
    Arrays.fill(polyKey, (byte) 0);
    Arrays.fill(padded, (byte) 0);
  }

  /**
   * Encrypts {@code buf[off, off+len)} in place and writes the 16-byte tag right after it. The
   * nonce is 32 zero bits then the 64-bit little-endian {@code counter} (the Noise rule).
   */
  @Override
  public void seal(
      final long counter, final byte[] ad, final byte[] buf, final int off, final int len) {
    seal(0, counter, ad, buf, off, len);
  }

  /** As {@link #seal(long, byte[], byte[], int, int)} with any 96-bit nonce {@code n0 ‖ n12}. */
  void seal(
      final int n0,
      final long n12,
      final byte[] ad,
      final byte[] buf,
      final int off,
      final int len) {
    final int n1 = (int) n12;
    final int n2 = (int) (n12 >>> 32);
    start(n0, n1, n2, ad);
    for (int pos = 0; pos < len; pos += chunk) {
      final int n = Math.min(chunk, len - pos);
      chacha.xor(1 + pos / ChaCha20.BLOCK, n0, n1, n2, buf, off + pos, n);
      macPadded(buf, off + pos, n);
    }
    end(ad.length, len);
    poly.finish(buf, off + len);
  }

  /**
   * Verifies the tag at {@code buf[off+len, off+len+16)} and, if it matches, leaves {@code buf[off,
   * off+len)} decrypted. Returns false with the buffer unchanged when it does not.
   */
  @Override
  public boolean open(
      final long counter, final byte[] ad, final byte[] buf, final int off, final int len) {
    return open(0, counter, ad, buf, off, len);
  }

  boolean open(
      final int n0,
      final long n12,
      final byte[] ad,
      final byte[] buf,
      final int off,
      final int len) {
    final int n1 = (int) n12;
    final int n2 = (int) (n12 >>> 32);
    start(n0, n1, n2, ad);
    for (int pos = 0; pos < len; pos += chunk) {
      final int n = Math.min(chunk, len - pos);
      macPadded(buf, off + pos, n);
      chacha.xor(1 + pos / ChaCha20.BLOCK, n0, n1, n2, buf, off + pos, n);
    }
    end(ad.length, len);
    poly.finish(tag, 0);
    if (MessageDigest.isEqual(tag, Arrays.copyOfRange(buf, off + len, off + len + TAG_LENGTH))) {
      return true;
    }
    // decrypted while authenticating: encrypt again so the caller gets its input back
    chacha.xor(1, n0, n1, n2, buf, off, len);
    return false;
  }

  /** Derives the one-time Poly1305 key from block 0 and absorbs the padded associated data. */
  private void start(final int n0, final int n1, final int n2, final byte[] ad) {
    Arrays.fill(polyKey, (byte) 0);
    chacha.xor(0, n0, n1, n2, polyKey, 0, ChaCha20.BLOCK);
    poly.init(polyKey, 0);
    macPadded(ad, 0, ad.length);
  }

  private void end(final long adLength, final long length) {
    LE_LONG.set(lengths, 0, adLength);
    LE_LONG.set(lengths, 8, length);
    poly.blocks(lengths, 0, 1);
  }

  /** Authenticates data zero-padded to a multiple of 16 bytes. */
  private void macPadded(final byte[] data, final int off, final int len) {
    final int whole = len / Poly1305.BLOCK;
    poly.blocks(data, off, whole);
    final int rest = len - whole * Poly1305.BLOCK;
    if (rest > 0) {
      Arrays.fill(padded, (byte) 0);
      System.arraycopy(data, off + whole * Poly1305.BLOCK, padded, 0, rest);
      poly.blocks(padded, 0, 1);
    }
  }
}
