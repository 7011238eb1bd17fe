package io.dvc.node.duty;

import java.util.Optional;

/**
 * How a duty ended: success, or one failure reason with a human-readable detail (for example the
 * operators whose partial signatures were missing).
 */
public record DutyOutcome(
    Duty duty, Optional<FailureReason> failure, String detail, long latencyMillis) {

  public static DutyOutcome success(final Duty duty, final long latencyMillis) {
    return new DutyOutcome(duty, Optional.empty(), "", latencyMillis);
  }

  public static DutyOutcome failed(
      final Duty duty, final FailureReason reason, final String detail, final long latencyMillis) {
    return new DutyOutcome(duty, Optional.of(reason), detail, latencyMillis);
  }

  public boolean succeeded() {
    return failure.isEmpty();
  }
}
