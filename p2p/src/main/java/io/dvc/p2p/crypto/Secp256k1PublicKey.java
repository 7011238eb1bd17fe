package io.dvc.p2p.crypto;

import io.dvc.p2p.util.MalformedInputException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A secp256k1 public key (33-byte compressed point). libp2p signatures are ECDSA over SHA-256 of
 * the message, DER-encoded.
 */
public final class Secp256k1PublicKey extends PeerPublicKey {
  private final ECPoint point;

  private Secp256k1PublicKey(final byte[] raw, final ECPoint point) {
    super(raw);
    this.point = point;
  }

  public static Secp256k1PublicKey fromRaw(final byte[] raw) {
    if (raw.length != 33 && raw.length != 65) {
      throw new MalformedInputException("secp256k1 key of " + raw.length + " bytes");
    }
    final ECPoint p;
    try {
      p = Secp256k1.CURVE.getCurve().decodePoint(raw);
    } catch (final RuntimeException e) {
      throw new MalformedInputException("secp256k1 key is not a curve point");
    }
    if (p.isInfinity() || !p.isValid()) {
      throw new MalformedInputException("secp256k1 key is not a valid point");
    }
    return new Secp256k1PublicKey(p.getEncoded(true), p);
  }

  static Secp256k1PublicKey fromPoint(final ECPoint p) {
    return new Secp256k1PublicKey(p.getEncoded(true), p);
  }

  @Override
  public KeyType type() {
    return KeyType.SECP256K1;
  }

  @Override
  public boolean verify(final byte[] message, final byte[] signature) {
    final BigInteger r;
    final BigInteger s;
    try {
      final ASN1Primitive prim = ASN1Primitive.fromByteArray(signature);
      final ASN1Sequence seq = ASN1Sequence.getInstance(prim);
      if (seq.size() != 2) {
        return false;
      }
      r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
      s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
    } catch (final Exception e) {
      return false;
    }
    final ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(point, Secp256k1.DOMAIN));
    return verifier.verifySignature(sha256(message), r, s);
  }

  static byte[] sha256(final byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
