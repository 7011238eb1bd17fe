package io.dvc.app.testnet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the testnet learns of every duty from the nodes' outcome reports: per (slot, validator) the
 * fastest successful submission and the failure reasons nodes gave. Pure bookkeeping.
 */
public final class DutyLedger {
  record Key(long slot, long validatorIndex) {}

  static final class Entry {
    long bestLatencyMillis = Long.MAX_VALUE;
    final Map<String, Integer> failures = new TreeMap<>();
    final Map<Integer, String> failureDetailByNode = new TreeMap<>();

    boolean succeeded() {
      return bestLatencyMillis != Long.MAX_VALUE;
    }

    /** The reason most nodes gave (ties: alphabetical). */
    String reason() {
      return failures.entrySet().stream()
          .max(Map.Entry.<String, Integer>comparingByValue())
          .map(Map.Entry::getKey)
          .orElse("no_report");
    }
  }

  private final String type;
  private final Map<Key, Entry> entries = new HashMap<>();

  /**
   * A ledger of one duty type as the nodes report it ({@code attester}, {@code proposer}, {@code
   * aggregator}, {@code sync_message}, {@code sync_contribution}).
   */
  public DutyLedger(final String type) {
    this.type = type;
  }

  private final Map<Integer, TreeMap<Long, Integer>> successSlotsPerNode = new TreeMap<>();
  private final Map<Integer, Map<Key, Boolean>> seenPerNode = new HashMap<>();

  /** Adds one node's outcome list (the JSON of /dvc/v1/duties); repeated outcomes count once. */
  public synchronized void addOutcomes(final int node, final JsonNode outcomes) {
    final Map<Key, Boolean> seen = seenPerNode.computeIfAbsent(node, n -> new HashMap<>());
    for (final JsonNode outcome : outcomes) {
      if (!type.equals(outcome.path("type").asText()) || notSelected(outcome)) {
        continue;
      }
      final Key key =
          new Key(outcome.path("slot").asLong(), outcome.path("validator_index").asLong());
      if (seen.putIfAbsent(key, Boolean.TRUE) != null) {
        continue;
      }
      final Entry entry = entries.computeIfAbsent(key, k -> new Entry());
      if (outcome.path("success").asBoolean()) {
        successSlotsPerNode
            .computeIfAbsent(node, n -> new TreeMap<>())
            .merge(key.slot(), 1, Integer::sum);
        entry.bestLatencyMillis =
            Math.min(entry.bestLatencyMillis, outcome.path("latency_ms").asLong());
      } else {
        entry.failures.merge(outcome.path("reason").asText(), 1, Integer::sum);
        entry.failureDetailByNode.put(node, outcome.path("detail").asText());
      }
    }
  }

  /**
   * An aggregation or contribution outcome of a validator its selection proof did not select: no
   * duty at all ("not selected" is not a failure), whichever way a node words it.
   */
  private static boolean notSelected(final JsonNode outcome) {
    return "not_selected".equals(outcome.path("reason").asText())
        || (outcome.has("selected") && !outcome.path("selected").asBoolean());
  }

  /** The (slot, validator) of every duty some node reported. */
  synchronized java.util.Set<Key> keys() {
    return java.util.Set.copyOf(entries.keySet());
  }

  /** Per node: how many duties it submitted successfully at or after the slot. */
  synchronized Map<Integer, Integer> successesPerNodeSince(final long slot) {
    final Map<Integer, Integer> result = new TreeMap<>();
    successSlotsPerNode.forEach(
        (node, slots) ->
            result.put(node, slots.tailMap(slot, true).values().stream().mapToInt(i -> i).sum()));
    return result;
  }

  synchronized Entry entry(final long slot, final long validatorIndex) {
    return entries.get(new Key(slot, validatorIndex));
  }

  /** Latencies (ms) of the successful duties in the slot range. */
  public synchronized List<Long> successLatencies(final long fromSlot, final long toSlot) {
    final List<Long> latencies = new ArrayList<>();
    entries.forEach(
        (key, entry) -> {
          if (key.slot() >= fromSlot && key.slot() <= toSlot && entry.succeeded()) {
            latencies.add(entry.bestLatencyMillis);
          }
        });
    latencies.sort(null);
    return latencies;
  }

  /** A successful duty and its latency from its slot's start. */
  public record Timed(long slot, long validatorIndex, long latencyMillis) {}

  /** The {@code count} slowest successful duties, slowest first (ties: earlier slot first). */
  public synchronized List<Timed> slowest(final int count) {
    return entries.entrySet().stream()
        .filter(e -> e.getValue().succeeded())
        .map(
            e ->
                new Timed(
                    e.getKey().slot(), e.getKey().validatorIndex(), e.getValue().bestLatencyMillis))
        .sorted(
            java.util.Comparator.comparingLong(Timed::latencyMillis)
                .reversed()
                .thenComparingLong(Timed::slot)
                .thenComparingLong(Timed::validatorIndex))
        .limit(count)
        .toList();
  }

  /** Duties of one slot: (successes, failures by reason). */
  public synchronized SlotProgress slot(final long slot) {
    int successes = 0;
    final Map<String, Integer> failures = new TreeMap<>();
    for (final Map.Entry<Key, Entry> e : entries.entrySet()) {
      if (e.getKey().slot() != slot) {
        continue;
      }
      if (e.getValue().succeeded()) {
        successes++;
      } else {
        failures.merge(e.getValue().reason(), 1, Integer::sum);
      }
    }
    return new SlotProgress(slot, successes, failures);
  }

  public record SlotProgress(long slot, int successes, Map<String, Integer> failures) {}

  public static long percentile(final List<Long> sorted, final double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    final int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
