package io.dvc.p2p.noise;

import io.dvc.common.bytes.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Noise SymmetricState (chaining key, handshake hash, optional cipher) for SHA-256. */
final class SymmetricState {
  static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
  private static final int HASH_LENGTH = 32;
  private byte[] ck;
  private byte[] h;
  private CipherState cipher;

  SymmetricState() {
    final byte[] name = PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII);
    // The name is exactly HASHLEN bytes long, so h is the name itself (no hashing, no padding).
    h = new byte[HASH_LENGTH];
    System.arraycopy(name, 0, h, 0, name.length);
    ck = h.clone();
    mixHash(new byte[0]); // empty prologue
  }

  void mixHash(final byte[] data) {
    try {
      final MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(h);
      d.update(data);
      h = d.digest();
    } catch (final GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  void mixKey(final byte[] ikm) {
    final byte[][] out = hkdf(ck, ikm);
    SecretBytes.wipe(ck);
    ck = out[0];
    if (cipher != null) {
      cipher.destroy();
    }
    cipher = new CipherState(out[1]);
    SecretBytes.wipe(out[1], ikm);
  }

  byte[] encryptAndHash(final byte[] plaintext) {
    final byte[] ct = cipher == null ? plaintext.clone() : cipher.encryptWithAd(h, plaintext);
    mixHash(ct);
    return ct;
  }

  /** Null when authentication fails. */
  byte[] decryptAndHash(final byte[] ciphertext) {
    final byte[] pt = cipher == null ? ciphertext.clone() : cipher.decryptWithAd(h, ciphertext);
    if (pt == null) {
      return null;
    }
    mixHash(ciphertext);
    return pt;
  }

  boolean hasKey() {
    return cipher != null;
  }

  CipherState[] split() {
    final byte[][] out = hkdf(ck, new byte[0]);
    final CipherState[] result = {new CipherState(out[0]), new CipherState(out[1])};
    SecretBytes.wipe(out[0], out[1], ck);
    if (cipher != null) {
      cipher.destroy();
    }
    return result;
  }

  byte[] handshakeHash() {
    return h.clone();
  }

  /** HKDF with two outputs, as the Noise spec defines it over HMAC-SHA256. */
  static byte[][] hkdf(final byte[] chainingKey, final byte[] ikm) {
    final byte[] temp = hmac(chainingKey, ikm);
    final byte[] out1 = hmac(temp, new byte[] {1});
    final byte[] in2 = new byte[HASH_LENGTH + 1];
    System.arraycopy(out1, 0, in2, 0, HASH_LENGTH);
    in2[HASH_LENGTH] = 2;
    final byte[] out2 = hmac(temp, in2);
    SecretBytes.wipe(temp, in2);
    return new byte[][] {out1, out2};
  }

  private static byte[] hmac(final byte[] key, final byte[] data) {
    try {
      final Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (final GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
