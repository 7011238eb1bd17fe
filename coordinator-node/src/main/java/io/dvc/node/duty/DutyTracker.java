package io.dvc.node.duty;

import io.dvc.common.events.Subscribers;
import io.dvc.common.time.TimeProvider;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Bookkeeping of duties from start to outcome. Every started duty ends exactly once: as success
 * when submitted, with the first failure reported for it, or as {@link FailureReason#LATE} (or the
 * stage it was stuck in) when its deadline passes. Does no I/O; time is injected.
 */
public final class DutyTracker {
  private final TimeProvider time;
  private final Subscribers<DutyOutcome> outcomes = new Subscribers<>();
  private final Map<Duty, Pending> pending = new HashMap<>();

  private static final class Pending {
    final long startMillis;
    final long deadlineMillis;
    FailureReason stuckReason = FailureReason.LATE;
    String stuckDetail = "deadline passed";

    Pending(final long startMillis, final long deadlineMillis) {
      this.startMillis = startMillis;
      this.deadlineMillis = deadlineMillis;
    }
  }

  public DutyTracker(final TimeProvider time) {
    this.time = time;
  }

  public void subscribe(final Consumer<DutyOutcome> listener) {
    outcomes.subscribe(listener);
  }

  /**
   * A duty started at {@code startMillis} (its nominal start, from which latency counts) and must
   * end by the deadline. Starting it twice has no effect.
   */
  public synchronized void started(
      final Duty duty, final long startMillis, final long deadlineMillis) {
    pending.putIfAbsent(duty, new Pending(startMillis, deadlineMillis));
  }

  /**
   * What the duty is waiting for; if the deadline passes in this state, this becomes its failure
   * reason (for example insufficient partial signatures, naming the missing operators).
   */
  public synchronized void waitingFor(
      final Duty duty, final FailureReason reason, final String detail) {
    final Pending entry = pending.get(duty);
    if (entry != null) {
      entry.stuckReason = reason;
      entry.stuckDetail = detail;
    }
  }

  /**
   * As {@link #waitingFor}, but keeps a more specific reason already noted (for example the
   * operators named by a bad combined signature); replaces only "missing partials".
   */
  public synchronized void waitingForUnlessExplained(
      final Duty duty, final FailureReason reason, final String detail) {
    final Pending entry = pending.get(duty);
    if (entry != null
        && (entry.stuckReason == FailureReason.LATE
            || entry.stuckReason == FailureReason.INSUFFICIENT_PARTIAL_SIGNATURES)) {
      entry.stuckReason = reason;
      entry.stuckDetail = detail;
    }
  }

  public void succeeded(final Duty duty) {
    final DutyOutcome outcome;
    synchronized (this) {
      final Pending entry = pending.remove(duty);
      if (entry == null) {
        return;
      }
      outcome = DutyOutcome.success(duty, time.currentTimeMillis() - entry.startMillis);
    }
    outcomes.deliver(outcome);
  }

  public void failed(final Duty duty, final FailureReason reason, final String detail) {
    final DutyOutcome outcome;
    synchronized (this) {
      final Pending entry = pending.remove(duty);
      if (entry == null) {
        return;
      }
      outcome =
          DutyOutcome.failed(duty, reason, detail, time.currentTimeMillis() - entry.startMillis);
    }
    outcomes.deliver(outcome);
  }

  /** Ends every duty whose deadline has passed with the reason it was stuck on. */
  public void expire() {
    final java.util.List<DutyOutcome> expired = new java.util.ArrayList<>();
    synchronized (this) {
      final long now = time.currentTimeMillis();
      final Iterator<Map.Entry<Duty, Pending>> it = pending.entrySet().iterator();
      while (it.hasNext()) {
        final Map.Entry<Duty, Pending> entry = it.next();
        final Pending value = entry.getValue();
        if (now >= value.deadlineMillis) {
          it.remove();
          expired.add(
              DutyOutcome.failed(
                  entry.getKey(), value.stuckReason, value.stuckDetail, now - value.startMillis));
        }
      }
    }
    expired.forEach(outcomes::deliver);
  }

  public synchronized int pendingCount() {
    return pending.size();
  }
}
