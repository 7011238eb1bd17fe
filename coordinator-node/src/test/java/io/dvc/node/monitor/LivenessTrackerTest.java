package io.dvc.node.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.node.duty.Duty;
import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyType;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LivenessTrackerTest {
  private static final List<Long> VALIDATORS = List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);

  private static EpochObservation epoch(final long epoch, final long... missing) {
    final List<AttestationCheck> checks = new java.util.ArrayList<>();
    for (final long v : VALIDATORS) {
      final boolean missed = java.util.Arrays.stream(missing).anyMatch(m -> m == v);
      checks.add(new AttestationCheck(v, !missed, !missed, !missed));
    }
    return new EpochObservation(epoch, checks, List.of());
  }

  @Test
  void alertsOnceWhenAValidatorMissesNEpochsInARow() {
    final LivenessTracker tracker = new LivenessTracker(new MonitorConfig(2, 0.5), VALIDATORS);
    assertThat(tracker.observe(epoch(0, 3), Optional.empty())).isEmpty();
    final List<Alert> second = tracker.observe(epoch(1, 3), Optional.empty());
    assertThat(second).hasSize(1);
    assertThat(second.get(0).kind()).isEqualTo("missed_attestations");
    assertThat(second.get(0).validatorIndex()).isEqualTo(OptionalLong.of(3));
    assertThat(second.get(0).message()).contains("epochs 0..1", "never included");
    assertThat(tracker.observe(epoch(2, 3), Optional.empty())).isEmpty();
    assertThat(tracker.snapshot().validators().get(3).missedInARow()).isEqualTo(3);
  }

  @Test
  void anIncludedEpochEndsTheStreak() {
    final LivenessTracker tracker = new LivenessTracker(new MonitorConfig(2, 0.5), VALIDATORS);
    tracker.observe(epoch(0, 4), Optional.empty());
    tracker.observe(epoch(1), Optional.empty());
    assertThat(tracker.observe(epoch(2, 4), Optional.empty())).isEmpty();
    final List<Alert> alerts = tracker.observe(epoch(3, 4), Optional.empty());
    assertThat(alerts).extracting(Alert::kind).containsExactly("missed_attestations");
    assertThat(alerts.get(0).message()).contains("last included in epoch 1");
  }

  @Test
  void alertsWhenEffectivenessDropsBelowTheThreshold() {
    final LivenessTracker tracker = new LivenessTracker(new MonitorConfig(5, 0.9), VALIDATORS);
    assertThat(tracker.observe(epoch(0, 1), Optional.empty())).isEmpty();
    final List<Alert> alerts = tracker.observe(epoch(1, 1, 2), Optional.empty());
    assertThat(alerts).extracting(Alert::kind).containsExactly("low_effectiveness");
    assertThat(alerts.get(0).message()).contains("80.0 %", "8 of 10");
    assertThat(tracker.snapshot().effectiveness()).contains(0.8);
  }

  @Test
  void aWrongHeadIsNeitherAMissNorIneffective() {
    final LivenessTracker tracker = new LivenessTracker(new MonitorConfig(1, 0.9), VALIDATORS);
    final List<AttestationCheck> checks =
        VALIDATORS.stream().map(v -> new AttestationCheck(v, true, true, v != 5)).toList();
    assertThat(tracker.observe(new EpochObservation(0, checks, List.of()), Optional.empty()))
        .isEmpty();
    assertThat(tracker.snapshot().headCorrect()).contains(0.9);
  }

  @Test
  void aSubmittedButMissingAttestationIsItsOwnAlert() {
    final SubmissionLog submitted = new SubmissionLog(32);
    submitted.record(DutyOutcome.success(new Duty(DutyType.ATTESTER, 40, 6), 300));
    submitted.record(
        DutyOutcome.failed(
            new Duty(DutyType.ATTESTER, 41, 7),
            io.dvc.node.duty.FailureReason.values()[0],
            "",
            300));
    final LivenessTracker tracker = new LivenessTracker(new MonitorConfig(3, 0.5), VALIDATORS);
    final List<Alert> alerts = tracker.observe(epoch(1, 6, 7), Optional.of(submitted));
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).kind()).isEqualTo("submitted_not_included");
    assertThat(alerts.get(0).validatorIndex()).isEqualTo(OptionalLong.of(6));
  }

  @Test
  void missedProposalsAreAlertedAndSubmittedOnesNamedSo() {
    final SubmissionLog submitted = new SubmissionLog(32);
    submitted.record(DutyOutcome.success(new Duty(DutyType.PROPOSER, 70, 2), 300));
    final LivenessTracker tracker = new LivenessTracker(new MonitorConfig(3, 0.5), VALIDATORS);
    final EpochObservation observation =
        new EpochObservation(
            2,
            epoch(2).attestations(),
            List.of(
                new ProposalCheck(70, 2, false),
                new ProposalCheck(71, 3, false),
                new ProposalCheck(72, 4, true)));
    assertThat(tracker.observe(observation, Optional.of(submitted)))
        .extracting(Alert::kind, a -> a.validatorIndex().getAsLong())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("submitted_not_included", 2L),
            org.assertj.core.groups.Tuple.tuple("missed_proposal", 3L));
  }

  @Test
  void anEpochSeenBeforeIsIgnored() {
    final LivenessTracker tracker = new LivenessTracker(new MonitorConfig(1, 0.5), VALIDATORS);
    assertThat(tracker.observe(epoch(3, 1), Optional.empty())).hasSize(1);
    assertThat(tracker.observe(epoch(3, 1), Optional.empty())).isEmpty();
    assertThat(tracker.observe(epoch(2, 1), Optional.empty())).isEmpty();
  }

  @Test
  void rewardsBecomeFlags() {
    assertThat(AttestationCheck.of(new io.dvc.node.beacon.api.AttestationReward(1, 10, 20, 10)))
        .isEqualTo(new AttestationCheck(1, true, true, true));
    assertThat(AttestationCheck.of(new io.dvc.node.beacon.api.AttestationReward(1, 0, 0, 0)))
        .as("inactivity leak: earned flags pay 0, a missing head is 0")
        .isEqualTo(new AttestationCheck(1, true, true, false));
    assertThat(AttestationCheck.of(new io.dvc.node.beacon.api.AttestationReward(1, 0, -20, 10)))
        .isEqualTo(new AttestationCheck(1, true, false, false));
    assertThat(AttestationCheck.of(new io.dvc.node.beacon.api.AttestationReward(1, 0, -20, -10)))
        .extracting(AttestationCheck::result)
        .isEqualTo("missed");
  }
}
