package io.dvc.node.duty;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.common.time.FakeTimeProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DutyTrackerTest {
  private final FakeTimeProvider time = new FakeTimeProvider(10_000);
  private final DutyTracker tracker = new DutyTracker(time);
  private final List<DutyOutcome> outcomes = new ArrayList<>();
  private final Duty duty = new Duty(DutyType.ATTESTER, 5, 42);

  DutyTrackerTest() {
    tracker.subscribe(outcomes::add);
  }

  @Test
  void successReportsLatencyFromStart() {
    tracker.started(duty, time.currentTimeMillis(), 20_000);
    time.advanceMillis(250);
    tracker.succeeded(duty);
    assertThat(outcomes).containsExactly(DutyOutcome.success(duty, 250));
  }

  @Test
  void everyDutyEndsExactlyOnce() {
    tracker.started(duty, time.currentTimeMillis(), 20_000);
    tracker.failed(duty, FailureReason.SUBMIT_ERROR, "refused");
    tracker.succeeded(duty);
    time.advanceMillis(20_000);
    tracker.expire();
    assertThat(outcomes).hasSize(1);
    assertThat(outcomes.get(0).failure()).contains(FailureReason.SUBMIT_ERROR);
  }

  @Test
  void expiredDutyFailsWithTheStageItWaitedFor() {
    tracker.started(duty, time.currentTimeMillis(), 12_000);
    tracker.waitingFor(duty, FailureReason.INSUFFICIENT_PARTIAL_SIGNATURES, "missing: 2, 4");
    time.advanceMillis(1_999);
    tracker.expire();
    assertThat(outcomes).isEmpty();
    time.advanceMillis(1);
    tracker.expire();
    assertThat(outcomes)
        .containsExactly(
            DutyOutcome.failed(
                duty, FailureReason.INSUFFICIENT_PARTIAL_SIGNATURES, "missing: 2, 4", 2_000));
    assertThat(tracker.pendingCount()).isZero();
  }

  @Test
  void unstartedDutyWithoutWaitingStateExpiresAsLate() {
    tracker.started(duty, time.currentTimeMillis(), 10_000);
    tracker.expire();
    assertThat(outcomes.get(0).failure()).contains(FailureReason.LATE);
  }
}
