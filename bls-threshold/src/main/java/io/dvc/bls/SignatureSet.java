package io.dvc.bls;

import java.util.Objects;

/** One (public key, message, signature) triple for batch verification. */
public record SignatureSet(BlsPublicKey publicKey, byte[] message, BlsSignature signature) {
  public SignatureSet {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(signature, "signature");
    message = Objects.requireNonNull(message, "message").clone();
  }

  @Override
  public byte[] message() {
    return message.clone();
  }

  byte[] messageUnsafe() {
    return message;
  }
}
