package io.dvc.consensus;

/** Signs a message signing root (32 bytes) with this operator's identity key. */
@FunctionalInterface
public interface MessageSigner {
  byte[] sign(byte[] signingRoot);
}
