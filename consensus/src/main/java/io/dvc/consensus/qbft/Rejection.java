package io.dvc.consensus.qbft;

import io.dvc.consensus.message.QbftMessage;

/**
 * Why a received message was not used. The one-line {@link #detail()} is built only when asked for,
 * so that rejecting floods of duplicates stays cheap.
 */
public final class Rejection {
  private final int sender;
  private final Reason reason;
  private final Object subject;
  private final String why;

  /**
   * @param sender the claimed sender (operator index)
   * @param subject the message (or a description of it)
   * @param why the reason in words
   */
  public Rejection(final int sender, final Reason reason, final Object subject, final String why) {
    this.sender = sender;
    this.reason = reason;
    this.subject = subject;
    this.why = why;
  }

  static Rejection of(final QbftMessage m, final Reason reason, final String why) {
    return new Rejection(m.sender(), reason, m, why);
  }

  public int sender() {
    return sender;
  }

  public Reason reason() {
    return reason;
  }

  /** One line naming the message and the reason. */
  public String detail() {
    return subject + ": " + why;
  }

  @Override
  public String toString() {
    return reason + " from " + sender + " " + detail();
  }

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
    INVALID_JUSTIFICATION(true),
    SENDER_MISMATCH(true),
    EXPIRED(false),
    BUFFER_FULL(false),
    TOO_FAR_AHEAD(true);

    private final boolean fault;

    Reason(final boolean fault) {
      this.fault = fault;
    }

    public boolean isFault() {
      return fault;
    }
  }
}
