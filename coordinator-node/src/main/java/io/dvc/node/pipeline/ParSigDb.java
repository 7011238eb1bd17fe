package io.dvc.node.pipeline;

import io.dvc.common.events.Subscribers;
import io.dvc.common.time.SlotClock;
import io.dvc.node.duty.Duty;
import io.dvc.node.duty.DutyTracker;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.parsig.PartialSignatureSet;
import io.dvc.node.parsig.PartialSignatureStore;
import io.dvc.node.parsig.ReadyToCombine;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Holds the partial signatures of every (slot, duty kind, validator) from every operator, own and
 * peers', and reports validators once t partials agree on the signing root. Sets for slots far from
 * now are dropped: at most two slots back, and at most two epochs ahead (pre-consensus rounds run
 * ahead of time).
 */
public final class ParSigDb {
  private final PartialSignatureStore store;
  private final DutyStates states;
  private final DutyTracker tracker;
  private final SlotClock clock;
  private final List<Integer> operators;
  private final Logger log;
  private final Subscribers<List<ReadyToCombine>> ready = new Subscribers<>();

  public ParSigDb(
      final int threshold,
      final List<Integer> operators,
      final DutyStates states,
      final DutyTracker tracker,
      final SlotClock clock,
      final Logger log) {
    this.store = new PartialSignatureStore(threshold);
    this.operators = List.copyOf(operators);
    this.states = states;
    this.tracker = tracker;
    this.clock = clock;
    this.log = log;
  }

  /** Validators with t agreeing partials (output). */
  public void subscribe(final Consumer<List<ReadyToCombine>> listener) {
    ready.subscribe(listener);
  }

  /** Input: a set of partials, this node's own or an authenticated peer's. */
  public void add(final PartialSignatureSet set) {
    final long current = clock.currentSlot();
    if (set.slot() + 2 < current || set.slot() > current + 2 * clock.slotsPerEpoch()) {
      log.debug(
          "ignored partial signatures of operator {} for slot {} (current slot {})",
          set.operatorIndex(),
          set.slot(),
          current);
      return;
    }
    final List<ReadyToCombine> now =
        store.add(set.slot(), set.dutyType(), set.operatorIndex(), set.partials());
    DutyType.ofCode(set.dutyType())
        .flatMap(type -> states.get(type, set.slot()))
        .ifPresent(this::noteMissingOperators);
    if (!now.isEmpty()) {
      ready.deliver(now);
    }
  }

  /**
   * Input: these operators' partials for a validator made a bad combined signature; drop them and
   * report the validator again if t good ones remain.
   */
  public void reject(final ReadyToCombine group, final Set<Integer> badOperators) {
    final Optional<ReadyToCombine> again =
        store.rejectOperators(
            group.slot(), group.dutyType(), group.validatorIndex(), group.part(), badOperators);
    again.ifPresent(r -> ready.deliver(List.of(r)));
  }

  /** Forgets slots below this one. */
  public void pruneBefore(final long slot) {
    store.pruneBefore(slot);
  }

  private void noteMissingOperators(final DutyState state) {
    if (!state.plugin.tracked()) {
      return;
    }
    final Map<Long, Set<Integer>> seen =
        store.operatorsSeenByValidator(state.slot, state.plugin.type().code());
    for (final Duty duty : state.duties()) {
      final Set<Integer> missing = new TreeSet<>(operators);
      missing.removeAll(seen.getOrDefault(duty.validatorIndex(), Set.of()));
      if (missing.isEmpty()) {
        // Every operator sent its partial for the validator: what is left is this node's own work
        // (t agreeing partials combined, verified and submitted), or disagreement on the root.
        tracker.waitingForUnlessExplained(duty, FailureReason.LATE, COMPLETE_BUT_LATE);
      } else {
        tracker.waitingFor(
            duty,
            FailureReason.INSUFFICIENT_PARTIAL_SIGNATURES,
            "missing partial signatures from operators " + missing);
      }
    }
  }

  private static final String COMPLETE_BUT_LATE =
      "partial signatures arrived from every operator, but were not combined and submitted before"
          + " the deadline (fewer than t agreeing on a signing root, or the node fell behind)";
}
