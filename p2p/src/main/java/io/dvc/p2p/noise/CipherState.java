package io.dvc.p2p.noise;

import io.dvc.common.bytes.SecretBytes;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise CipherState for ChaChaPoly: a 32-byte key and a 64-bit nonce; the 96-bit AEAD nonce is 32
 * zero bits followed by the little-endian counter. Uses the JDK's ChaCha20-Poly1305. Not thread
 * safe: one instance per direction, used from one thread.
 */
public final class CipherState {
  public static final int TAG_LENGTH = 16;
  private final byte[] key;
  private final SecretKeySpec keySpec;
  private final Cipher cipher;
  private final byte[] nonceBytes = new byte[12];
  private long nonce;

  CipherState(final byte[] key) {
    this.key = key.clone();
    this.keySpec = new SecretKeySpec(this.key, "ChaCha20");
    try {
      this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (final GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
    }
  }

  private IvParameterSpec nextNonce() {
    if (nonce == -1L) {
      throw new IllegalStateException("noise nonce exhausted");
    }
    long n = nonce++;
    for (int i = 4; i < 12; i++) {
      nonceBytes[i] = (byte) n;
      n >>>= 8;
    }
    return new IvParameterSpec(nonceBytes);
  }

  public byte[] encryptWithAd(final byte[] ad, final byte[] plaintext) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, keySpec, nextNonce());
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      return cipher.doFinal(plaintext);
    } catch (final GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  /** Returns null when authentication fails. */
  public byte[] decryptWithAd(final byte[] ad, final byte[] ciphertext) {
    try {
      cipher.init(Cipher.DECRYPT_MODE, keySpec, nextNonce());
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      return cipher.doFinal(ciphertext);
    } catch (final AEADBadTagException e) {
      return null;
    } catch (final GeneralSecurityException e) {
      return null;
    }
  }

  /** Encrypts {@code in} (all remaining) into {@code out} (needs remaining + 16 bytes). */
  public void encrypt(final ByteBuffer in, final ByteBuffer out) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, keySpec, nextNonce());
      cipher.doFinal(in, out);
    } catch (final GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  /** Decrypts; returns false when authentication fails. */
  public boolean decrypt(final ByteBuffer in, final ByteBuffer out) {
    try {
      cipher.init(Cipher.DECRYPT_MODE, keySpec, nextNonce());
      cipher.doFinal(in, out);
      return true;
    } catch (final GeneralSecurityException e) {
      return false;
    }
  }

  public void destroy() {
    SecretBytes.wipe(key);
  }

  @Override
  public String toString() {
    return "CipherState[n=" + nonce + "]";
  }
}
