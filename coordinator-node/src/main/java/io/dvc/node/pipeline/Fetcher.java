package io.dvc.node.pipeline;

import io.dvc.common.events.Subscribers;
import io.dvc.common.time.TimeProvider;
import io.dvc.node.duty.Duty;
import io.dvc.node.duty.DutyTracker;
import io.dvc.node.duty.FailureReason;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Starts a duty (its state and tracking) and fetches this node's own view of the unsigned data from
 * the plug-in; a fetch error fails every duty of the slot with one reason.
 */
public final class Fetcher {
  private final DutyStates states;
  private final DutyTracker tracker;
  private final TimeProvider time;
  private final long millisPerSlot;
  private final Executor loop;
  private final Logger log;
  private final Subscribers<DutyState> fetched = new Subscribers<>();
  private final Subscribers<DutyState> started = new Subscribers<>();

  public Fetcher(
      final DutyStates states,
      final DutyTracker tracker,
      final TimeProvider time,
      final long millisPerSlot,
      final Executor loop,
      final Logger log) {
    this.states = states;
    this.tracker = tracker;
    this.time = time;
    this.millisPerSlot = millisPerSlot;
    this.loop = loop;
    this.log = log;
  }

  /** Own view known (output). */
  public void subscribe(final Consumer<DutyState> listener) {
    fetched.subscribe(listener);
  }

  /** A duty's state exists and its fetch is under way (output). */
  public void subscribeStarted(final Consumer<DutyState> listener) {
    started.subscribe(listener);
  }

  /** Input: a duty starts. */
  public void onDutyStart(final DutyStart start, final long slotStartMillis) {
    // The nominal duty start anchors latency and the round timers of every operator alike.
    final long startMillis =
        slotStartMillis
            + (start.plugin().offset() == SlotOffset.AHEAD
                ? 0
                : start.plugin().offset().millisInto(millisPerSlot));
    final DutyState state = states.create(start, startMillis).orElse(null);
    if (state == null) {
      return;
    }
    if (start.plugin().tracked()) {
      final long deadline = start.plugin().deadlineMillis(start.slot());
      for (final Duty duty : state.duties()) {
        tracker.started(duty, startMillis, deadline);
        tracker.waitingFor(
            duty, FailureReason.BEACON_FETCH_ERROR, "no data from a beacon node yet");
      }
    }
    started.deliver(state);
    start
        .plugin()
        .fetch(start.slot(), state.validators())
        .whenCompleteAsync(
            (value, error) -> {
              if (error != null) {
                final Throwable cause = unwrap(error);
                final FailureReason reason =
                    cause instanceof DutyFailure failure
                        ? failure.reason()
                        : FailureReason.BEACON_FETCH_ERROR;
                failAll(state, reason, Errors.rootMessage(error));
                return;
              }
              state.own = java.util.Optional.of(value);
              state.mark("data", time.currentTimeMillis());
              for (final Duty duty : state.duties()) {
                tracker.waitingFor(
                    duty, FailureReason.NO_CONSENSUS, "consensus did not decide in time");
              }
              fetched.deliver(state);
            },
            loop);
  }

  private void failAll(final DutyState state, final FailureReason reason, final String why) {
    log.warn("{}: {} ({})", state.plugin.describe(state.slot), reason.label(), why);
    state.duties().forEach(duty -> tracker.failed(duty, reason, why));
  }

  private static Throwable unwrap(final Throwable error) {
    Throwable cause = error;
    while ((cause instanceof java.util.concurrent.CompletionException
            || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
