package io.dvc.beaconsim;

/** The reason codes of refused pool submissions, as counted in the summary. */
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

  // aggregates, sync messages and contributions
  static final String PAST_SLOT = "past_slot";
  static final String BAD_COMMITTEE_BITS = "bad_committee_bits";
  static final String AGGREGATOR_NOT_IN_COMMITTEE = "aggregator_not_in_committee";
  static final String NOT_SELECTED = "not_selected";
  static final String INVALID_SELECTION_PROOF = "invalid_selection_proof";
  static final String INVALID_AGGREGATE_SIGNATURE = "invalid_aggregate_signature";
  static final String NOT_IN_SYNC_COMMITTEE = "not_in_sync_committee";
  static final String BAD_SUBCOMMITTEE = "bad_subcommittee_index";
  static final String NO_PARTICIPANTS = "no_participants";

  private RejectReason() {}
}
