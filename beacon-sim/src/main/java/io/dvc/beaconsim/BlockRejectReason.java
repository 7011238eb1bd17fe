package io.dvc.beaconsim;

/** The reason codes of refused block publications, as counted in the summary. */
final class BlockRejectReason {
  static final String MALFORMED = "malformed";
  static final String WRONG_FORK = "wrong_fork";
  static final String FUTURE_SLOT = "future_slot";
  static final String WRONG_PROPOSER = "wrong_proposer";
  static final String INVALID_SIGNATURE = "invalid_signature";
  static final String INVALID_RANDAO = "invalid_randao";
  static final String UNKNOWN_PAYLOAD = "unknown_payload";
  static final String BAD_BLOBS = "bad_blobs";
  static final String EQUIVOCATION = "equivocation";

  private BlockRejectReason() {}
}
