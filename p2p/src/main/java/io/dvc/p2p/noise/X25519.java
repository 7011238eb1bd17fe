package io.dvc.p2p.noise;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/** X25519 over the JDK's XDH provider, with raw 32-byte public keys. */
final class X25519 {
  static final int KEY_LENGTH = 32;
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00
  };

  private X25519() {}

  /** A key pair with its raw public key. */
  record Pair(PrivateKey privateKey, byte[] publicKey) {}

  static Pair generate() {
    try {
      final KeyPair kp = KeyPairGenerator.getInstance("X25519").generateKeyPair();
      final byte[] enc = kp.getPublic().getEncoded();
      return new Pair(
          kp.getPrivate(), Arrays.copyOfRange(enc, enc.length - KEY_LENGTH, enc.length));
    } catch (final GeneralSecurityException e) {
      throw new IllegalStateException("X25519 unavailable", e);
    }
  }

  /** DH(private, remote public); null for an invalid or low-order remote key. */
  static byte[] dh(final PrivateKey privateKey, final byte[] remotePublic) {
    if (remotePublic.length != KEY_LENGTH) {
      return null;
    }
    try {
      final byte[] der = new byte[X509_PREFIX.length + KEY_LENGTH];
      System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
      System.arraycopy(remotePublic, 0, der, X509_PREFIX.length, KEY_LENGTH);
      final KeyAgreement ka = KeyAgreement.getInstance("XDH");
      ka.init(privateKey);
      ka.doPhase(KeyFactory.getInstance("XDH").generatePublic(new X509EncodedKeySpec(der)), true);
      return ka.generateSecret();
    } catch (final GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }
}
