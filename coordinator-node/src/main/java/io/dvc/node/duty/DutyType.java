package io.dvc.node.duty;

/** The kinds of validator duty; the code is stable and used in consensus instance ids. */
public enum DutyType {
  ATTESTER(1),
  PROPOSER(2),
  AGGREGATOR(3),
  SYNC_MESSAGE(4),
  SYNC_CONTRIBUTION(5);

  private final int code;

  DutyType(final int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
