package io.dvc.p2p.noise;

import io.dvc.common.bytes.SecretBytes;
import java.util.Arrays;

/**
 * Noise CipherState for ChaChaPoly: a 32-byte key and a 64-bit nonce (the AEAD nonce is 32 zero
 * bits followed by the little-endian counter). Not thread safe: one instance per direction, used
 * from one thread.
 */
public final class CipherState {
  public static final int TAG_LENGTH = ChaCha20Poly1305.TAG_LENGTH;
  private static final byte[] NO_AD = new byte[0];
  private final byte[] key;
  private final Aead aead;
  private long nonce;

  CipherState(final byte[] key) {
    this.key = key.clone();
    this.aead = Aead.create(this.key);
  }

  private long nextNonce() {
    if (nonce == -1L) {
      throw new IllegalStateException("noise nonce exhausted");
    }
    return nonce++;
  }

  public byte[] encryptWithAd(final byte[] ad, final byte[] plaintext) {
    final byte[] out = Arrays.copyOf(plaintext, plaintext.length + TAG_LENGTH);
    aead.seal(nextNonce(), ad, out, 0, plaintext.length);
    return out;
  }

  /** Returns null when authentication fails. */
  public byte[] decryptWithAd(final byte[] ad, final byte[] ciphertext) {
    if (ciphertext.length < TAG_LENGTH) {
      return null;
    }
    final byte[] buf = ciphertext.clone();
    if (!aead.open(nextNonce(), ad, buf, 0, buf.length - TAG_LENGTH)) {
      return null;
    }
    return Arrays.copyOf(buf, buf.length - TAG_LENGTH);
  }

  /**
   * Encrypts {@code buf[off, off+len)} in place and appends the tag at {@code off+len} (the array
   * must have room for it).
   */
  public void encryptInPlace(final byte[] buf, final int off, final int len) {
    aead.seal(nextNonce(), NO_AD, buf, off, len);
  }

  /**
   * Authenticates and decrypts in place a ciphertext of {@code len} bytes followed by its tag;
   * false when authentication fails.
   */
  public boolean decryptInPlace(final byte[] buf, final int off, final int len) {
    return aead.open(nextNonce(), NO_AD, buf, off, len);
  }

  public void destroy() {
    SecretBytes.wipe(key);
    aead.destroy();
  }

  @Override
  public String toString() {
    return "CipherState[n=" + nonce + "]";
  }
}
