package io.dvc.node.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.node.duty.Duty;
import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Sync committee participation in the liveness tracker: 8 slots per epoch, validators 1, 3 and 5
 * sit in the committee, the others not.
 */
class SyncParticipationTest {
  private static final int SLOTS = 8;
  private static final List<Long> VALIDATORS = List.of(0L, 1L, 2L, 3L, 4L, 5L);
  private static final List<Long> MEMBERS = List.of(1L, 3L, 5L);

  private final LivenessTracker tracker =
      new LivenessTracker(new MonitorConfig(2, 0.5, 6), VALIDATORS);

  /** The sync checks of an epoch: every member's message of each slot, {@code missing} left out. */
  private static EpochObservation epoch(
      final long epoch, final Set<Long> emptyNextSlots, final long... missing) {
    final List<SyncCheck> checks = new ArrayList<>();
    for (long slot = epoch * SLOTS - 1; slot < (epoch + 1) * SLOTS - 1; slot++) {
      if (slot < 0 || emptyNextSlots.contains(slot + 1)) {
        continue;
      }
      for (final long member : MEMBERS) {
        final boolean absent = java.util.Arrays.stream(missing).anyMatch(m -> m == member);
        checks.add(new SyncCheck(slot, member, !absent));
      }
    }
    final List<AttestationCheck> attestations =
        VALIDATORS.stream().map(v -> new AttestationCheck(v, true, true, true)).toList();
    return new EpochObservation(epoch, attestations, List.of(), Optional.of(checks));
  }

  @Test
  void aHealthyCommitteeRaisesNothing() {
    for (long e = 0; e < 4; e++) {
      assertThat(tracker.observe(epoch(e, Set.of()), Optional.empty())).isEmpty();
    }
    assertThat(tracker.snapshot().syncParticipation()).contains(1.0);
    assertThat(tracker.snapshot().syncCommittee())
        .filteredOn(SyncTracker.SyncState::member)
        .extracting(SyncTracker.SyncState::index)
        .containsExactlyElementsOf(MEMBERS);
  }

  @Test
  void alertsOnceNamingExactlyTheMemberMissingNBlocksInARow() {
    // epoch 0 has 7 checks (slot -1 has none): the 6th missed block is the alert
    final List<Alert> first = tracker.observe(epoch(0, Set.of(), 3), Optional.empty());
    assertThat(first).hasSize(1);
    assertThat(first.get(0).kind()).isEqualTo("missed_sync_committee");
    assertThat(first.get(0).validatorIndex()).isEqualTo(OptionalLong.of(3));
    assertThat(first.get(0).message()).contains("6 blocks in a row", "none carried yet");
    assertThat(tracker.observe(epoch(1, Set.of(), 3), Optional.empty()))
        .as("once per streak")
        .isEmpty();
    final SyncTracker.SyncState three = tracker.snapshot().syncCommittee().get(3);
    assertThat(three.missedInARow()).isEqualTo(15);
    assertThat(three.participation()).contains(0.0);
    assertThat(tracker.snapshot().syncParticipation().orElseThrow()).isCloseTo(2.0 / 3, within());
  }

  @Test
  void theStreakGoesOnAcrossEpochsAndEmptySlotsAreNotTheMembersFault() {
    // member 1 misses slots 11..14, then epoch 2's slot 15 and (blocks 17, 18 being empty) 18
    final List<SyncCheck> late = new ArrayList<>();
    for (long slot = 7; slot < 15; slot++) {
      late.add(new SyncCheck(slot, 1, slot < 11));
      late.add(new SyncCheck(slot, 3, true));
      late.add(new SyncCheck(slot, 5, true));
    }
    tracker.observe(
        new EpochObservation(1, List.of(), List.of(), Optional.of(late)), Optional.empty());
    assertThat(tracker.snapshot().syncCommittee().get(1).missedInARow()).isEqualTo(4);
    final List<Alert> alerts = tracker.observe(epoch(2, Set.of(17L, 18L), 1), Optional.empty());
    assertThat(alerts).extracting(Alert::kind).containsExactly("missed_sync_committee");
    assertThat(alerts.get(0).message()).contains("slots up to 18", "last carried: slot 10");
  }

  @Test
  void aCarriedMessageEndsTheStreakAndLeavingTheCommitteeForgetsIt() {
    final List<SyncCheck> checks = new ArrayList<>();
    for (long slot = 0; slot < 7; slot++) {
      checks.add(new SyncCheck(slot, 5, slot == 3));
    }
    assertThat(
            tracker.observe(
                new EpochObservation(0, List.of(), List.of(), Optional.of(checks)),
                Optional.empty()))
        .isEmpty();
    tracker.observe(
        new EpochObservation(1, List.of(), List.of(), Optional.of(List.of())), Optional.empty());
    final SyncTracker.SyncState five = tracker.snapshot().syncCommittee().get(5);
    assertThat(five.member()).isFalse();
    assertThat(five.missedInARow()).isZero();
    assertThat(five.missed()).isEqualTo(6);
    assertThat(tracker.snapshot().syncParticipation()).isEmpty();
  }

  @Test
  void messagesSubmittedButInNoBlockAreOneAlertPerMemberAndEpoch() {
    final SubmissionLog submitted = new SubmissionLog(SLOTS);
    submitted.record(DutyOutcome.success(new Duty(DutyType.SYNC_MESSAGE, 9, 5), 300));
    submitted.record(DutyOutcome.success(new Duty(DutyType.SYNC_MESSAGE, 10, 5), 300));
    submitted.record(DutyOutcome.success(new Duty(DutyType.SYNC_MESSAGE, 11, 1), 300));
    final List<Alert> alerts = tracker.observe(epoch(1, Set.of(), 5), Optional.of(submitted));
    assertThat(alerts)
        .filteredOn(a -> a.kind().equals("submitted_not_included"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.validatorIndex()).isEqualTo(OptionalLong.of(5));
              assertThat(a.message()).contains("slots [9, 10]");
            });
  }

  @Test
  void anEpochWhoseSyncWasNotReadLeavesTheStreaksAlone() {
    tracker.observe(epoch(0, Set.of(), 3), Optional.empty());
    tracker.observe(
        new EpochObservation(1, List.of(), List.of(), Optional.empty()), Optional.empty());
    final SyncTracker.SyncState three = tracker.snapshot().syncCommittee().get(3);
    assertThat(three.member()).isTrue();
    assertThat(three.missedInARow()).isEqualTo(7);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
