package io.dvc.p2p.crypto;

import io.dvc.common.bytes.SecretBytes;
import io.dvc.p2p.PeerId;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * Our node's secp256k1 identity key. Signatures are deterministic (RFC 6979), low-S, DER-encoded
 * ECDSA over SHA-256 of the message, as libp2p peers verify them. The secret never appears in
 * {@link #toString()}; {@link #destroy()} zeroes it.
 */
public final class NodeKey {
  private final byte[] secret;
  private final Secp256k1PublicKey publicKey;
  private final PeerId peerId;
  private volatile boolean destroyed;

  private NodeKey(final byte[] secret) {
    final BigInteger d = new BigInteger(1, secret);
    if (d.signum() == 0 || d.compareTo(Secp256k1.CURVE.getN()) >= 0) {
      throw new IllegalArgumentException("secp256k1 secret key out of range");
    }
    this.secret = secret;
    this.publicKey = Secp256k1PublicKey.fromPoint(Secp256k1.CURVE.getG().multiply(d).normalize());
    this.peerId = PeerId.fromPublicKey(publicKey);
  }

  public static NodeKey generate(final SecureRandom random) {
    while (true) {
      final byte[] b = new byte[32];
      random.nextBytes(b);
      final BigInteger d = new BigInteger(1, b);
      if (d.signum() > 0 && d.compareTo(Secp256k1.CURVE.getN()) < 0) {
        return new NodeKey(b);
      }
    }
  }

  /** From a 32-byte big-endian secret; the array is copied. */
  public static NodeKey fromSecretBytes(final byte[] secret) {
    if (secret.length != 32) {
      throw new IllegalArgumentException("secp256k1 secret key must be 32 bytes");
    }
    return new NodeKey(secret.clone());
  }

  public Secp256k1PublicKey publicKey() {
    return publicKey;
  }

  public PeerId peerId() {
    return peerId;
  }

  public byte[] sign(final byte[] message) {
    if (destroyed) {
      throw new IllegalStateException("node key destroyed");
    }
    final ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, secret), Secp256k1.DOMAIN));
    final BigInteger[] rs = signer.generateSignature(Secp256k1PublicKey.sha256(message));
    BigInteger s = rs[1];
    final BigInteger n = Secp256k1.CURVE.getN();
    if (s.compareTo(n.shiftRight(1)) > 0) {
      s = n.subtract(s);
    }
    final ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(rs[0]));
    v.add(new ASN1Integer(s));
    try {
      return new DERSequence(v).getEncoded();
    } catch (final IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void destroy() {
    destroyed = true;
    SecretBytes.wipe(secret);
  }

  @Override
  public String toString() {
    return "NodeKey[" + peerId + "]";
  }
}
