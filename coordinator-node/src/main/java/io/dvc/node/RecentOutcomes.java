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

  /** The JSON array of {@code /dvc/v1/duties}. */
  public static String json(final List<DutyOutcome> outcomes) {
    final com.fasterxml.jackson.databind.node.ArrayNode array =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    for (final DutyOutcome outcome : outcomes) {
      final com.fasterxml.jackson.databind.node.ObjectNode node = array.addObject();
      node.put("type", outcome.duty().type().label());
      node.put("slot", outcome.duty().slot());
      node.put("validator_index", outcome.duty().validatorIndex());
      node.put("success", outcome.succeeded());
      node.put("reason", outcome.failure().map(r -> r.label()).orElse(""));
      node.put("detail", outcome.detail());
      node.put("latency_ms", outcome.latencyMillis());
    }
    return array.toString();
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
