package io.dvc.node.pipeline;

import io.dvc.node.duty.FailureReason;
import java.util.Map;

/**
 * What a duty plug-in's submission achieved, per validator: absent = accepted; present = the
 * failure and its detail.
 */
public record SubmitReport(Map<Long, Failure> failures) {
  public static final SubmitReport ACCEPTED = new SubmitReport(Map.of());

  /** Why one validator's submission failed. */
  public record Failure(FailureReason reason, String detail) {}

  public SubmitReport {
    failures = Map.copyOf(failures);
  }
}
