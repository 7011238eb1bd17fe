package io.dvc.node.pipeline;

import io.dvc.spec.ssz.Bytes;

/**
 * What a duty asks the signer to sign for one validator. Slashable kinds carry what slashing
 * protection needs; the signer records them durably before it signs.
 */
public sealed interface SigningRequest {
  long validatorIndex();

  /** The 32-byte signing root (hash_tree_root of SigningData). */
  Bytes signingRoot();

  /** Which of the validator's signatures in the round (see {@link SignatureKey}); usually 0. */
  default int part() {
    return 0;
  }

  default SignatureKey key() {
    return new SignatureKey(validatorIndex(), part());
  }

  /** An attestation: slashing protection checks double and surround votes. */
  record Attestation(long validatorIndex, long sourceEpoch, long targetEpoch, Bytes signingRoot)
      implements SigningRequest {}

  /** A block proposal: slashing protection checks the slot. */
  record Block(long validatorIndex, long slot, Bytes signingRoot) implements SigningRequest {}

  /**
   * A message that cannot be slashed (RANDAO reveal, selection proofs, sync-committee messages,
   * registrations, exits); {@code what} names it in logs.
   */
  record Unslashable(long validatorIndex, Bytes signingRoot, String what, int part)
      implements SigningRequest {
    public Unslashable(final long validatorIndex, final Bytes signingRoot, final String what) {
      this(validatorIndex, signingRoot, what, 0);
    }
  }
}
