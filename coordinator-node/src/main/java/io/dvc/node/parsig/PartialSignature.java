package io.dvc.node.parsig;

import java.util.Arrays;

/** One validator's partial signature over a signing root, made with one operator's share. */
public record PartialSignature(long validatorIndex, byte[] signingRoot, byte[] signature) {
  public PartialSignature {
    if (signingRoot.length != 32 || signature.length != 96) {
      throw new IllegalArgumentException("signing root must be 32 bytes and signature 96 bytes");
    }
    signingRoot = signingRoot.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] signingRoot() {
    return signingRoot.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof PartialSignature p
        && p.validatorIndex == validatorIndex
        && Arrays.equals(p.signingRoot, signingRoot)
        && Arrays.equals(p.signature, signature);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(validatorIndex) * 31 + Arrays.hashCode(signingRoot);
  }
}
