package io.dvc.node.duty;

/** Why a duty failed; every failed duty has exactly one. */
public enum FailureReason {
  BEACON_FETCH_ERROR("beacon_fetch_error"),
  NO_CONSENSUS("no_consensus"),
  SLASHING_REFUSED("slashing_refused"),
  INSUFFICIENT_PARTIAL_SIGNATURES("insufficient_partial_signatures"),
  INVALID_SIGNATURE("invalid_signature"),
  SUBMIT_ERROR("submit_error"),
  LATE("late"),
  /** A proposal's RANDAO reveal was not combined in time (too few operators signed it). */
  RANDAO_MISSING("randao_missing"),
  /** Doppelganger protection holds the validator (still checking, or found live elsewhere). */
  DOPPELGANGER("doppelganger"),
  /** This node could not record the duty in slashing protection (for example, a full disk). */
  SLASHING_DB_ERROR("slashing_db_error");

  private final String label;

  FailureReason(final String label) {
    this.label = label;
  }

  /** The metric and report label. */
  public String label() {
    return label;
  }
}
