package io.dvc.app.testnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One duty type of the report beyond attestations and proposals (aggregation, sync committee
 * message, sync contribution): how many duties there were, how many the simulated beacon node
 * accounted as done, the others by the reason the nodes gave, and the nodes' latency from duty
 * start to submission. Expected duties come from the simulator (its sync duties, and the
 * aggregators it knows of) joined with duties a node reported as selected; succeeded ones from the
 * simulator's accounting only.
 */
record DutySection(
    String name,
    long expected,
    long succeeded,
    Map<String, Long> failedByReason,
    long invalidSignatures,
    long p50,
    long p99,
    long max,
    List<io.dvc.app.testnet.chaos.ChaosVerdict.Duty> duties) {

  DutySection {
    failedByReason = java.util.Collections.unmodifiableMap(new TreeMap<>(failedByReason));
    duties = List.copyOf(duties);
  }

  boolean passed() {
    return succeeded == expected && invalidSignatures == 0;
  }

  /** Aggregation: the simulator's aggregator duties and the nodes' selected aggregators. */
  static DutySection aggregation(
      final JsonNode summary, final DutyLedger ledger, final long lastSlot) {
    final JsonNode aggregation = summary.path("aggregation");
    final Map<DutyLedger.Key, Boolean> done = new HashMap<>();
    for (final JsonNode duty : aggregation.path("duties")) {
      final DutyLedger.Key key =
          new DutyLedger.Key(duty.path("slot").asLong(), duty.path("validator_index").asLong());
      if (key.slot() <= lastSlot) {
        done.merge(key, duty.path("aggregated").asBoolean(), Boolean::logicalOr);
      }
    }
    ledger.keys().stream()
        .filter(k -> k.slot() <= lastSlot)
        .forEach(k -> done.putIfAbsent(k, false));
    return of(
        "aggregation", done, ledger, aggregation.path("invalid_signatures").asLong(), lastSlot);
  }

  /**
   * Sync committee messages: every cluster validator of each slot's committee (from the sync duties
   * the runner fetched), done when the simulator counted it as taking part.
   *
   * @param members slot → the cluster validators expected to sign in it
   */
  static DutySection syncMessages(
      final JsonNode summary,
      final DutyLedger ledger,
      final Map<Long, Set<Long>> members,
      final long lastSlot) {
    final JsonNode sync = summary.path("sync_committee");
    final Map<Long, JsonNode> slots = new HashMap<>();
    sync.path("slots").forEach(s -> slots.put(s.path("slot").asLong(), s));
    final Map<DutyLedger.Key, Boolean> done = new HashMap<>();
    final Map<String, Long> extra = new TreeMap<>();
    final List<io.dvc.app.testnet.chaos.ChaosVerdict.Duty> unaccounted = new ArrayList<>();
    for (final Map.Entry<Long, Set<Long>> slot : members.entrySet()) {
      if (slot.getKey() > lastSlot) {
        continue;
      }
      final JsonNode entry = slots.get(slot.getKey());
      final Set<Long> missing = new HashSet<>();
      boolean consistent = entry != null;
      if (entry != null) {
        entry.path("cluster_missing").forEach(m -> missing.add(m.asLong()));
        consistent = entry.path("cluster_members").asInt() == slot.getValue().size();
      }
      for (final long validator : slot.getValue()) {
        if (consistent) {
          done.put(new DutyLedger.Key(slot.getKey(), validator), !missing.contains(validator));
        } else {
          extra.merge(entry == null ? "no_sim_record" : "sim_duty_mismatch", 1L, Long::sum);
          unaccounted.add(new io.dvc.app.testnet.chaos.ChaosVerdict.Duty(slot.getKey(), false));
        }
      }
    }
    final DutySection base =
        of(
            "sync_message",
            done,
            ledger,
            sync.path("messages").path("invalid_signatures").asLong(),
            lastSlot);
    final Map<String, Long> failed = new TreeMap<>(base.failedByReason());
    extra.forEach((reason, count) -> failed.merge(reason, count, Long::sum));
    return new DutySection(
        base.name,
        base.expected + extra.values().stream().mapToLong(Long::longValue).sum(),
        base.succeeded,
        failed,
        base.invalidSignatures,
        base.p50,
        base.p99,
        base.max,
        java.util.stream.Stream.concat(base.duties.stream(), unaccounted.stream()).toList());
  }

  /** Sync contributions: the simulator's contribution duties and the nodes' selected ones. */
  static DutySection syncContributions(
      final JsonNode summary, final DutyLedger ledger, final long lastSlot) {
    final JsonNode sync = summary.path("sync_committee");
    // one duty per (slot, validator, subcommittee); the nodes report per (slot, validator)
    final List<Map.Entry<DutyLedger.Key, Boolean>> duties = new ArrayList<>();
    final Set<DutyLedger.Key> known = new HashSet<>();
    for (final JsonNode duty : sync.path("contribution_duties")) {
      final DutyLedger.Key key =
          new DutyLedger.Key(duty.path("slot").asLong(), duty.path("validator_index").asLong());
      if (key.slot() <= lastSlot) {
        known.add(key);
        duties.add(
            Map.entry(
                key, duty.path("contributed").asBoolean() && duty.path("in_time").asBoolean()));
      }
    }
    ledger.keys().stream()
        .filter(k -> k.slot() <= lastSlot && !known.contains(k))
        .forEach(k -> duties.add(Map.entry(k, false)));
    return of(
        "sync_contribution",
        duties,
        ledger,
        sync.path("contributions").path("invalid_signatures").asLong(),
        lastSlot);
  }

  private static DutySection of(
      final String name,
      final Map<DutyLedger.Key, Boolean> done,
      final DutyLedger ledger,
      final long invalidSignatures,
      final long lastSlot) {
    return of(name, List.copyOf(done.entrySet()), ledger, invalidSignatures, lastSlot);
  }

  private static DutySection of(
      final String name,
      final List<Map.Entry<DutyLedger.Key, Boolean>> done,
      final DutyLedger ledger,
      final long invalidSignatures,
      final long lastSlot) {
    long succeeded = 0;
    final Map<String, Long> failed = new TreeMap<>();
    final List<io.dvc.app.testnet.chaos.ChaosVerdict.Duty> duties = new ArrayList<>();
    for (final Map.Entry<DutyLedger.Key, Boolean> duty : done) {
      duties.add(
          new io.dvc.app.testnet.chaos.ChaosVerdict.Duty(duty.getKey().slot(), duty.getValue()));
      if (duty.getValue()) {
        succeeded++;
        continue;
      }
      final DutyLedger.Entry entry =
          ledger.entry(duty.getKey().slot(), duty.getKey().validatorIndex());
      failed.merge(
          entry == null ? "no_report" : entry.succeeded() ? "not_included" : entry.reason(),
          1L,
          Long::sum);
    }
    final List<Long> latencies = ledger.successLatencies(0, lastSlot);
    return new DutySection(
        name,
        done.size(),
        succeeded,
        failed,
        invalidSignatures,
        DutyLedger.percentile(latencies, 50),
        DutyLedger.percentile(latencies, 99),
        latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1),
        duties);
  }

  ObjectNode toJson() {
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("expected", expected);
    node.put("succeeded", succeeded);
    node.put("failed", expected - succeeded);
    final ObjectNode reasons = node.putObject("failed_by_reason");
    failedByReason.forEach(reasons::put);
    node.put("invalid_signatures", invalidSignatures);
    final ObjectNode latency = node.putObject("latency_ms");
    latency.put("p50", p50);
    latency.put("p99", p99);
    latency.put("max", max);
    return node;
  }

  String line() {
    return String.format(
        "%s: %d expected, %d succeeded (%.2f %%), %d failed %s; %d invalid signatures;"
            + " p50 %d ms, p99 %d ms, max %d ms",
        name,
        expected,
        succeeded,
        expected == 0 ? 100.0 : 100.0 * succeeded / expected,
        expected - succeeded,
        failedByReason.isEmpty() ? "" : failedByReason.toString(),
        invalidSignatures,
        p50,
        p99,
        max);
  }
}
