package io.dvc.slashing;

/** Why slashing protection refused to sign. */
public enum RefusalReason {
  /** Attestation whose source epoch is after its target epoch. */
  SOURCE_AFTER_TARGET,
  /** Attestation source epoch below the validator's low watermark. */
  SOURCE_BELOW_LOW_WATERMARK,
  /** Attestation target epoch at or below the validator's low watermark. */
  TARGET_AT_OR_BELOW_LOW_WATERMARK,
  /** Another attestation with the same target epoch and a different signing root. */
  DOUBLE_VOTE,
  /** The attestation would surround one already signed. */
  SURROUNDING_VOTE,
  /** The attestation would be surrounded by one already signed. */
  SURROUNDED_VOTE,
  /** Block slot at or below the validator's low watermark. */
  SLOT_AT_OR_BELOW_LOW_WATERMARK,
  /** Another block at the same slot with a different signing root. */
  DOUBLE_PROPOSAL
}
