package io.dvc.consensus;

/** Checks an operator's signature over a message signing root. */
@FunctionalInterface
public interface MessageVerifier {
  boolean verify(int operator, byte[] signingRoot, byte[] signature);
}
