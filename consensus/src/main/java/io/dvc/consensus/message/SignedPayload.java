package io.dvc.consensus.message;

import io.dvc.consensus.MessageSigner;
import io.dvc.consensus.MessageVerifier;
import io.dvc.consensus.ValueHasher;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A payload, its canonical encoding and the sender's signature over the signing root
 * sha256("dvc-qbft-v1" || encoding). Immutable.
 */
public final class SignedPayload {
  private static final byte[] DOMAIN = "dvc-qbft-v1".getBytes(StandardCharsets.US_ASCII);

  private final Payload payload;
  private final byte[] encoded;
  private final byte[] signature;
  private int hash;
  private byte[] root;

  SignedPayload(final Payload payload, final byte[] encoded, final byte[] signature) {
    this.payload = payload;
    this.encoded = encoded;
    this.signature = signature;
  }

  /** Encodes and signs the payload. */
  public static SignedPayload sign(final Payload payload, final MessageSigner signer) {
    final byte[] encoded = payload.encode();
    return new SignedPayload(payload, encoded, signer.sign(signingRoot(encoded)).clone());
  }

  /** Pairs a payload with an arbitrary signature (for tests and adversaries). */
  public static SignedPayload withSignature(final Payload payload, final byte[] signature) {
    return new SignedPayload(payload, payload.encode(), signature.clone());
  }

  /** sha256("dvc-qbft-v1" || canonical payload encoding). */
  public static byte[] signingRoot(final byte[] encodedPayload) {
    return ValueHasher.Sha256.digest(DOMAIN, encodedPayload);
  }

  public boolean verify(final MessageVerifier verifier) {
    return verifier.verify(payload.sender(), signingRoot(), signature);
  }

  /** This payload's signing root (computed once). */
  public byte[] signingRoot() {
    byte[] r = root;
    if (r == null) {
      r = signingRoot(encoded);
      root = r;
    }
    return r.clone();
  }

  public Payload payload() {
    return payload;
  }

  public byte[] encoded() {
    return encoded.clone();
  }

  byte[] unsafeEncoded() {
    return encoded;
  }

  public byte[] signature() {
    return signature.clone();
  }

  byte[] unsafeSignature() {
    return signature;
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof SignedPayload s
        && Arrays.equals(s.encoded, encoded)
        && Arrays.equals(s.signature, signature);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(encoded) * 31 + Arrays.hashCode(signature);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return payload.toString();
  }
}
