package io.dvc.consensus.qbft;

/**
 * Why a received message was not used.
 *
 * @param sender the claimed sender (operator index) of the message
 * @param detail one line naming the message and the reason
 */
public record Rejection(int sender, Reason reason, String detail) {

  /** Reasons; {@link #isFault()} tells misbehaviour from harmless repetition or lateness. */
  public enum Reason {
    DUPLICATE(false),
    OLD_ROUND(false),
    ALREADY_DECIDED(false),
    WRONG_INSTANCE(true),
    NOT_MEMBER(true),
    BAD_SIGNATURE(true),
    ROUND_TOO_HIGH(true),
    MALFORMED(true),
    NOT_LEADER(true),
    EQUIVOCATION(true),
    VALUE_REFUSED(true),
    INVALID_JUSTIFICATION(true);

    private final boolean fault;

    Reason(final boolean fault) {
      this.fault = fault;
    }

    public boolean isFault() {
      return fault;
    }
  }
}
