package io.dvc.node.parsig;

import io.dvc.bls.BlsSignature;
import java.util.Arrays;
import java.util.Objects;

/**
 * One validator's partial signature over a signing root, made with one operator's share. The
 * signature is a G2 curve point (decoded on arrival); whether it is right is found out when the
 * combined signature is verified.
 *
 * @param part which of the validator's signatures in the round this is: 0 unless a duty signs
 *     several messages per validator in one round (one per sync subcommittee, or one per slot of an
 *     epoch's selection proofs); the duty plug-in gives it its meaning
 */
public record PartialSignature(
    long validatorIndex, int part, byte[] signingRoot, BlsSignature signature) {
  public PartialSignature {
    if (signingRoot.length != 32) {
      throw new IllegalArgumentException("signing root must be 32 bytes");
    }
    if (part < 0) {
      throw new IllegalArgumentException("part must not be negative");
    }
    Objects.requireNonNull(signature, "signature");
    signingRoot = signingRoot.clone();
  }

  /** The only signature of the validator in its round (part 0). */
  public PartialSignature(
      final long validatorIndex, final byte[] signingRoot, final BlsSignature signature) {
    this(validatorIndex, 0, signingRoot, signature);
  }

  @Override
  public byte[] signingRoot() {
    return signingRoot.clone();
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof PartialSignature p
        && p.validatorIndex == validatorIndex
        && p.part == part
        && Arrays.equals(p.signingRoot, signingRoot)
        && p.signature.equals(signature);
  }

  @Override
  public int hashCode() {
    return (Long.hashCode(validatorIndex) * 31 + part) * 31 + Arrays.hashCode(signingRoot);
  }
}
