package io.dvc.node.duty;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of validator duty; the code is stable and used in consensus instance ids. */
public enum DutyType {
  ATTESTER(1),
  PROPOSER(2),
  AGGREGATOR(3),
  SYNC_MESSAGE(4),
  SYNC_CONTRIBUTION(5),
  /** The RANDAO reveal of a proposal: a pre-consensus round, done ahead of time. */
  RANDAO(6),
  /** Attestation aggregator selection proofs of an epoch: a pre-consensus round, ahead of time. */
  SELECTION_PROOF(7),
  /** Sync aggregator selection proofs of an epoch: a pre-consensus round, ahead of time. */
  SYNC_SELECTION_PROOF(8),
  /** A builder registration: no consensus, identical on every node by construction. */
  BUILDER_REGISTRATION(10),
  /** A voluntary exit asked for by an operator: no consensus, the signed request names it. */
  VOLUNTARY_EXIT(11);

  private final int code;

  DutyType(final int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The lower-case name used in metrics, logs and reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<DutyType> ofCode(final int code) {
    return Arrays.stream(values()).filter(t -> t.code == code).findFirst();
  }
}
