package io.dvc.node.pipeline;

import io.dvc.bls.BlsSignature;
import io.dvc.node.duty.DutyType;
import io.dvc.spec.ssz.Bytes;

/**
 * A validator's combined and verified signature for one duty ({@code part}: which of its signatures
 * in the round, see {@link io.dvc.node.parsig.PartialSignature}).
 */
public record Combined(
    DutyType type,
    long slot,
    long validatorIndex,
    int part,
    Bytes signingRoot,
    BlsSignature signature) {
  public Combined(
      final DutyType type,
      final long slot,
      final long validatorIndex,
      final Bytes signingRoot,
      final BlsSignature signature) {
    this(type, slot, validatorIndex, 0, signingRoot, signature);
  }

  /** The (validator, part) this signature is for. */
  public SignatureKey key() {
    return new SignatureKey(validatorIndex, part);
  }
}
