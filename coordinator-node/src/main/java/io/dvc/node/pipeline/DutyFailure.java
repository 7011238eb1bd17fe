package io.dvc.node.pipeline;

import io.dvc.node.duty.FailureReason;

/** A plug-in's fetch failed for a known reason (e.g. the RANDAO reveal never combined). */
public final class DutyFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final FailureReason reason;

  public DutyFailure(final FailureReason reason, final String detail) {
    super(detail);
    this.reason = reason;
  }

  public FailureReason reason() {
    return reason;
  }
}
