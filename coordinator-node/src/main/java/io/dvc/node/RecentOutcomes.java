package io.dvc.node;

import io.dvc.node.duty.DutyOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last duty outcomes, for the status endpoint that `dvc testnet` reads. */
public final class RecentOutcomes {
  private final int capacity;
  private final Deque<DutyOutcome> outcomes = new ArrayDeque<>();

  public RecentOutcomes(final int capacity) {
    this.capacity = capacity;
  }

  public synchronized void add(final DutyOutcome outcome) {
    if (outcomes.size() == capacity) {
      outcomes.removeFirst();
    }
    outcomes.addLast(outcome);
  }

  /** Outcomes of duties at or after the slot. */
  public synchronized List<DutyOutcome> since(final long slot) {
    final List<DutyOutcome> result = new ArrayList<>();
    for (final DutyOutcome outcome : outcomes) {
      if (outcome.duty().slot() >= slot) {
        result.add(outcome);
      }
    }
    return result;
  }
}
