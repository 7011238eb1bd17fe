package io.dvc.p2p.crypto;

import io.dvc.p2p.util.MalformedInputException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;

/**
 * An RSA public key (DER-encoded PKIX), which the peer-id spec requires implementations to accept.
 * Signatures are RSASSA-PKCS1-v1_5 over SHA-256. Keys under 2048 bits and over 8192 are refused.
 */
public final class RsaPublicKey extends PeerPublicKey {
  private static final int MIN_BITS = 2048;
  private static final int MAX_BITS = 8192;
  private final RSAPublicKey key;

  private RsaPublicKey(final byte[] der, final RSAPublicKey key) {
    super(der);
    this.key = key;
  }

  public static RsaPublicKey fromRaw(final byte[] der) {
    final RSAPublicKey k;
    try {
      k = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (final GeneralSecurityException | RuntimeException e) {
      throw new MalformedInputException("RSA key is not DER-encoded PKIX");
    }
    final int bits = k.getModulus().bitLength();
    if (bits < MIN_BITS || bits > MAX_BITS) {
      throw new MalformedInputException("RSA key of " + bits + " bits not accepted");
    }
    return new RsaPublicKey(der, k);
  }

  @Override
  public KeyType type() {
    return KeyType.RSA;
  }

  @Override
  public boolean verify(final byte[] message, final byte[] signature) {
    try {
      final Signature v = Signature.getInstance("SHA256withRSA");
      v.initVerify(key);
      v.update(message);
      return v.verify(signature);
    } catch (final GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
