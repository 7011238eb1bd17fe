package io.dvc.node.monitor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sync committee participation, without I/O: takes each epoch's {@link SyncCheck}s (slot order) and
 * returns the alerts: a member whose messages are missing from {@code syncAlertAfterMisses} blocks
 * in a row (once per streak; the streak goes on across epochs while the validator stays in the
 * committee, ends with a block that carries its message, and is forgotten when it leaves the
 * committee), and — with what this node submitted — one alert per member and epoch naming the slots
 * whose message was submitted and accepted but is in no block. Not thread-safe: {@link
 * LivenessTracker} locks.
 */
final class SyncTracker {
  /**
   * One validator's sync committee record.
   *
   * @param member whether it sat in the committee of the last epoch checked
   * @param epochChecked blocks of the last epoch checked that could carry its message
   * @param epochMissed of those, the blocks without it
   */
  record SyncState(
      long index,
      boolean member,
      int missedInARow,
      long lastParticipatedSlot,
      long checked,
      long missed,
      int epochChecked,
      int epochMissed) {

    /** Its share of the last epoch's blocks that carry its message, while it is a member. */
    Optional<Double> participation() {
      return member && epochChecked > 0
          ? Optional.of(1.0 - (double) epochMissed / epochChecked)
          : Optional.empty();
    }
  }

  private final int alertAfter;
  private final Map<Long, SyncState> validators = new TreeMap<>();
  private Optional<Double> participation = Optional.empty();

  SyncTracker(final int alertAfter, final Collection<Long> validatorIndices) {
    this.alertAfter = alertAfter;
    for (final long index : validatorIndices) {
      validators.put(index, new SyncState(index, false, 0, -1, 0, 0, 0, 0));
    }
  }

  List<Alert> observe(
      final long epoch, final List<SyncCheck> checks, final Optional<SubmissionLog> submissions) {
    validators.replaceAll(
        (index, s) ->
            new SyncState(
                index,
                false,
                s.missedInARow(),
                s.lastParticipatedSlot(),
                s.checked(),
                s.missed(),
                0,
                0));
    final List<Alert> alerts = new ArrayList<>();
    final Map<Long, TreeSet<Long>> submittedNotIncluded = new TreeMap<>();
    int participated = 0;
    int checked = 0;
    for (final SyncCheck check : checks) {
      final SyncState s = validators.get(check.validatorIndex());
      if (s == null) {
        continue;
      }
      checked++;
      participated += check.participated() ? 1 : 0;
      // a non-member's streak is 0 (reset below), so a streak here runs while it stays a member
      final int streak = check.participated() ? 0 : s.missedInARow() + 1;
      final SyncState after =
          new SyncState(
              s.index(),
              true,
              streak,
              check.participated() ? check.slot() : s.lastParticipatedSlot(),
              s.checked() + 1,
              s.missed() + (check.participated() ? 0 : 1),
              s.epochChecked() + 1,
              s.epochMissed() + (check.participated() ? 0 : 1));
      validators.put(s.index(), after);
      if (check.participated()) {
        continue;
      }
      if (submissions.map(l -> l.syncMessage(s.index(), check.slot())).orElse(false)) {
        submittedNotIncluded.computeIfAbsent(s.index(), i -> new TreeSet<>()).add(check.slot());
      }
      if (streak == alertAfter) {
        alerts.add(missedAlert(epoch, after, check.slot()));
      }
    }
    // a validator that left the committee starts afresh when it is drawn again
    validators.replaceAll(
        (index, s) ->
            s.member()
                ? s
                : new SyncState(
                    index, false, 0, s.lastParticipatedSlot(), s.checked(), s.missed(), 0, 0));
    submittedNotIncluded.forEach(
        (validator, slots) ->
            alerts.add(
                Alert.validator(
                    "submitted_not_included",
                    epoch,
                    validator,
                    "validator "
                        + validator
                        + "'s sync committee messages of slots "
                        + slots
                        + " were submitted and accepted by the beacon node but no block"
                        + " carries them")));
    participation = checked == 0 ? Optional.empty() : Optional.of((double) participated / checked);
    return alerts;
  }

  private Alert missedAlert(final long epoch, final SyncState state, final long slot) {
    return Alert.validator(
        "missed_sync_committee",
        epoch,
        state.index(),
        "validator "
            + state.index()
            + "'s sync committee messages are missing from "
            + state.missedInARow()
            + " blocks in a row (messages of slots up to "
            + slot
            + (state.lastParticipatedSlot() < 0
                ? ", none carried yet"
                : ", last carried: slot " + state.lastParticipatedSlot())
            + ")");
  }

  /** The share of the cluster's members' checks of the last epoch whose message was carried. */
  Optional<Double> participation() {
    return participation;
  }

  List<SyncState> states() {
    return List.copyOf(validators.values());
  }
}
