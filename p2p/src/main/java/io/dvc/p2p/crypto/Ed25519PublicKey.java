package io.dvc.p2p.crypto;

import io.dvc.p2p.util.MalformedInputException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/** An Ed25519 public key (32 bytes), verified with the JDK's EdDSA. */
public final class Ed25519PublicKey extends PeerPublicKey {
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };
  private final PublicKey key;

  private Ed25519PublicKey(final byte[] raw, final PublicKey key) {
    super(raw);
    this.key = key;
  }

  public static Ed25519PublicKey fromRaw(final byte[] raw) {
    if (raw.length != 32) {
      throw new MalformedInputException("Ed25519 key of " + raw.length + " bytes");
    }
    final byte[] der = new byte[X509_PREFIX.length + 32];
    System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
    System.arraycopy(raw, 0, der, X509_PREFIX.length, 32);
    try {
      return new Ed25519PublicKey(
          raw, KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
    } catch (final GeneralSecurityException | RuntimeException e) {
      throw new MalformedInputException("Ed25519 key invalid");
    }
  }

  @Override
  public KeyType type() {
    return KeyType.ED25519;
  }

  @Override
  public boolean verify(final byte[] message, final byte[] signature) {
    try {
      final Signature v = Signature.getInstance("Ed25519");
      v.initVerify(key);
      v.update(message);
      return v.verify(signature);
    } catch (final GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
