package io.dvc.beaconsim;

/** The reason codes of refused attestations, as counted in the summary. */
final class RejectReason {
  static final String MALFORMED = "malformed";
  static final String WRONG_FORK = "wrong_fork";
  static final String FUTURE_SLOT = "future_slot";
  static final String TOO_OLD = "too_old";
  static final String BAD_TARGET = "bad_target_epoch";
  static final String UNKNOWN_BLOCK = "unknown_block_root";
  static final String UNKNOWN_COMMITTEE = "unknown_committee";
  static final String NOT_IN_COMMITTEE = "not_in_committee";
  static final String BAD_AGGREGATION_BITS = "bad_aggregation_bits";
  static final String INVALID_SIGNATURE = "invalid_signature";

  private RejectReason() {}
}
