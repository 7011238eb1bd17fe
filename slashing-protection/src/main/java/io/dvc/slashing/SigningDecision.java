package io.dvc.slashing;

import java.util.Optional;

/**
 * The answer of slashing protection. {@link Status#ALLOWED} was recorded before it was returned;
 * {@link Status#ALLOWED_REPEAT} is an identical re-sign of a record already held; {@link
 * Status#REFUSED} carries the reason and a one-line detail naming the conflicting data.
 */
public record SigningDecision(Status status, Optional<RefusalReason> reason, String detail) {

  /** The three outcomes. */
  public enum Status {
    ALLOWED,
    ALLOWED_REPEAT,
    REFUSED
  }

  private static final SigningDecision ALLOWED_NEW =
      new SigningDecision(Status.ALLOWED, Optional.empty(), "");
  private static final SigningDecision REPEAT =
      new SigningDecision(Status.ALLOWED_REPEAT, Optional.empty(), "identical re-sign");

  public static SigningDecision allowed() {
    return ALLOWED_NEW;
  }

  public static SigningDecision repeat() {
    return REPEAT;
  }

  public static SigningDecision refused(final RefusalReason reason, final String detail) {
    return new SigningDecision(Status.REFUSED, Optional.of(reason), detail);
  }

  /** True when the caller may sign. */
  public boolean isAllowed() {
    return status != Status.REFUSED;
  }
}
