package io.dvc.node.parsig;

import io.dvc.bls.BlsSignature;
import java.util.Arrays;
import java.util.Objects;

/**
 * One validator's partial signature over a signing root, made with one operator's share. The
 * signature is a G2 curve point (decoded on arrival); whether it is right is found out when the
 * combined signature is verified.
 */
public record PartialSignature(long validatorIndex, byte[] signingRoot, BlsSignature signature) {
  public PartialSignature {
    if (signingRoot.length != 32) {
      throw new IllegalArgumentException("signing root must be 32 bytes");
    }
    Objects.requireNonNull(signature, "signature");
    signingRoot = signingRoot.clone();
  }

  @Override
  public byte[] signingRoot() {
    return signingRoot.clone();
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof PartialSignature p
        && p.validatorIndex == validatorIndex
        && Arrays.equals(p.signingRoot, signingRoot)
        && p.signature.equals(signature);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(validatorIndex) * 31 + Arrays.hashCode(signingRoot);
  }
}
