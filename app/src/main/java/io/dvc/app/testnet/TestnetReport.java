package io.dvc.app.testnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The outcome of a testnet run. The main duty is an attestation of one cluster validator in one
 * epoch; it succeeded when the simulated beacon node included it (valid signature, right
 * committee). Proposals, aggregation, sync committee messages and sync contributions have their own
 * sections. Failed duties carry the reason the nodes reported.
 */
record TestnetReport(
    TestnetOptions options,
    int threshold,
    long expected,
    long succeeded,
    Map<String, Long> failedByReason,
    long p50,
    long p99,
    long max,
    long invalidAttestations,
    long invalidSignatures,
    long slashablePairs,
    List<ObjectNode> perEpoch,
    List<String> events,
    List<Double> cpuSecondsPerNodePerEpoch,
    Map<Integer, Integer> submissionsPerNode,
    Map<Integer, Integer> submissionsPerNodeAfterLastEvent,
    Proposals proposals,
    List<DutySection> sections,
    OperationsReport operations) {

  TestnetReport {
    sections = List.copyOf(sections);
  }

  /**
   * The cluster's block proposals as the simulated beacon node saw them, and the nodes' latency
   * from slot start to publication.
   */
  record Proposals(
      long expected,
      long included,
      long blinded,
      long invalid,
      long slashable,
      long p50,
      long p99,
      long max,
      Map<String, Long> failedByReason,
      List<DutyLedger.Timed> slowest) {
    /** How many of the slowest proposals the report names (slot and latency). */
    static final int SLOWEST = 3;

    Proposals {
      failedByReason = Map.copyOf(failedByReason);
      slowest = List.copyOf(slowest);
    }

    static Proposals of(final JsonNode summary, final DutyLedger ledger) {
      final JsonNode p = summary.path("proposals");
      final List<Long> latencies = ledger.successLatencies(0, Long.MAX_VALUE);
      final Map<String, Long> failed = new TreeMap<>();
      long blinded = 0;
      for (final JsonNode duty : p.path("duties")) {
        if (duty.path("blinded").asBoolean()) {
          blinded++;
        }
        if (!duty.path("included").asBoolean()) {
          final DutyLedger.Entry entry =
              ledger.entry(duty.path("slot").asLong(), duty.path("validator_index").asLong());
          failed.merge(
              entry == null ? "no_report" : entry.succeeded() ? "not_included" : entry.reason(),
              1L,
              Long::sum);
        }
      }
      return new Proposals(
          p.path("expected").asLong(),
          p.path("included").asLong(),
          blinded,
          p.path("invalid").asLong(),
          p.path("slashable").path("count").asLong(),
          DutyLedger.percentile(latencies, 50),
          DutyLedger.percentile(latencies, 99),
          latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1),
          new TreeMap<>(failed),
          ledger.slowest(SLOWEST));
    }

    boolean passed() {
      return included == expected && invalid == 0 && slashable == 0;
    }

    ObjectNode toJson() {
      final ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("expected", expected);
      node.put("included", included);
      node.put("blinded", blinded);
      node.put("invalid", invalid);
      node.put("slashable", slashable);
      final ObjectNode reasons = node.putObject("failed_by_reason");
      failedByReason.forEach(reasons::put);
      final ObjectNode latency = node.putObject("latency_ms");
      latency.put("p50", p50);
      latency.put("p99", p99);
      latency.put("max", max);
      final var slow = node.putArray("slowest");
      for (final DutyLedger.Timed t : slowest) {
        final ObjectNode entry = slow.addObject();
        entry.put("slot", t.slot());
        entry.put("validator_index", t.validatorIndex());
        entry.put("latency_ms", t.latencyMillis());
      }
      return node;
    }
  }

  static TestnetReport build(
      final TestnetOptions options,
      final int threshold,
      final DutyLedger ledger,
      final DutyLedger proposalLedger,
      final Map<Long, Map<Long, Long>> dutySlots,
      final JsonNode summary,
      final List<String> events,
      final List<Double> cpuSecondsPerNodePerEpoch,
      final List<DutySection> sections,
      final List<String> exitOutcomes) {
    final Map<Long, Set<Long>> includedByValidator = new TreeMap<>();
    for (final JsonNode validator : summary.path("validators")) {
      final Set<Long> epochs = new HashSet<>();
      validator.path("included_epochs").forEach(e -> epochs.add(e.asLong()));
      includedByValidator.put(validator.path("index").asLong(), epochs);
    }
    long expected = 0;
    long succeeded = 0;
    final Map<String, Long> failed = new TreeMap<>();
    final List<ObjectNode> perEpoch = new ArrayList<>();
    long maxSlot = 0;
    for (final Map.Entry<Long, Map<Long, Long>> epoch : new TreeMap<>(dutySlots).entrySet()) {
      long epochIncluded = 0;
      for (final Map.Entry<Long, Long> duty : epoch.getValue().entrySet()) {
        expected++;
        maxSlot = Math.max(maxSlot, duty.getValue());
        if (includedByValidator.getOrDefault(duty.getKey(), Set.of()).contains(epoch.getKey())) {
          succeeded++;
          epochIncluded++;
        } else {
          final DutyLedger.Entry entry = ledger.entry(duty.getValue(), duty.getKey());
          final String reason =
              entry == null ? "no_report" : entry.succeeded() ? "not_included" : entry.reason();
          failed.merge(reason, 1L, Long::sum);
        }
      }
      final ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("epoch", epoch.getKey());
      node.put("expected", epoch.getValue().size());
      node.put("included", epochIncluded);
      perEpoch.add(node);
    }
    final List<Long> latencies = ledger.successLatencies(0, maxSlot);
    final JsonNode attestations = summary.path("attestations");
    return new TestnetReport(
        options,
        threshold,
        expected,
        succeeded,
        failed,
        DutyLedger.percentile(latencies, 50),
        DutyLedger.percentile(latencies, 99),
        latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1),
        attestations.path("invalid").asLong(),
        attestations.path("invalid_signatures").asLong(),
        summary.path("slashable").path("count").asLong(),
        perEpoch,
        events,
        cpuSecondsPerNodePerEpoch,
        ledger.successesPerNodeSince(0),
        ledger.successesPerNodeSince(lastEventSlot(options)),
        Proposals.of(summary, proposalLedger),
        sections,
        OperationsReport.of(
            summary, options.validators(), options.epochs(), options.exits(), exitOutcomes));
  }

  private static long lastEventSlot(final TestnetOptions options) {
    return java.util.stream.Stream.concat(options.kills().stream(), options.restarts().stream())
        .mapToLong(NodeEvent::slot)
        .max()
        .orElse(0);
  }

  boolean passed() {
    return expected > 0
        && succeeded == expected
        && invalidAttestations == 0
        && invalidSignatures == 0
        && slashablePairs == 0
        && proposals.passed()
        && sections.stream().allMatch(DutySection::passed)
        && operations.passed();
  }

  ObjectNode toJson() {
    final ObjectNode root = JsonNodeFactory.instance.objectNode();
    final ObjectNode config = root.putObject("config");
    config.put("nodes", options.nodes());
    config.put("threshold", threshold);
    config.put("validators", options.validators());
    config.put("slot_seconds", options.slotSeconds());
    config.put("epochs", options.epochs());
    config.put("fork", options.fork());
    config.put("preset", options.preset());
    config.put("key_ceremony", options.dkg() ? "dkg" : "dealer");
    config.put("reshared", options.reshare());
    final ObjectNode duties = root.putObject("duties");
    duties.put("expected", expected);
    duties.put("succeeded", succeeded);
    duties.put("failed", expected - succeeded);
    final ObjectNode reasons = duties.putObject("failed_by_reason");
    failedByReason.forEach(reasons::put);
    duties.put("success_rate", expected == 0 ? 0.0 : (double) succeeded / expected);
    final ObjectNode latency = root.putObject("latency_ms");
    latency.put("p50", p50);
    latency.put("p99", p99);
    latency.put("max", max);
    root.put("invalid_attestations", invalidAttestations);
    root.put("invalid_signatures", invalidSignatures);
    root.put("slashable_pairs", slashablePairs);
    root.set("proposals", proposals.toJson());
    sections.forEach(section -> root.set(section.name(), section.toJson()));
    root.set("operations", operations.toJson());
    root.putArray("per_epoch").addAll(perEpoch);
    final ObjectNode submissions = root.putObject("duties_submitted_per_node");
    submissionsPerNode.forEach((node, count) -> submissions.put("node-" + node, count));
    final ObjectNode afterEvents = root.putObject("duties_submitted_per_node_after_last_event");
    submissionsPerNodeAfterLastEvent.forEach(
        (node, count) -> afterEvents.put("node-" + node, count));
    final var cpu = root.putArray("cpu_seconds_per_node_per_epoch");
    cpuSecondsPerNodePerEpoch.forEach(c -> cpu.add(Math.round(c * 100) / 100.0));
    final var eventArray = root.putArray("events");
    events.forEach(eventArray::add);
    root.put("passed", passed());
    return root;
  }

  void print(final PrintStream out) {
    out.println();
    out.printf(
        "duties: %d expected, %d succeeded (%.2f %%), %d failed %s%n",
        expected,
        succeeded,
        expected == 0 ? 0.0 : 100.0 * succeeded / expected,
        expected - succeeded,
        failedByReason.isEmpty() ? "" : failedByReason.toString());
    out.printf(
        "latency from duty start to submission: p50 %d ms, p99 %d ms, max %d ms%n", p50, p99, max);
    out.printf(
        "beacon node saw %d invalid attestations (%d invalid signatures), %d slashable pairs%n",
        invalidAttestations, invalidSignatures, slashablePairs);
    out.printf(
        "proposals: %d expected, %d included (%d blinded), %d invalid, %d slashable %s;"
            + " slot start to publication p50 %d ms, p99 %d ms, max %d ms (slowest: %s)%n",
        proposals.expected(),
        proposals.included(),
        proposals.blinded(),
        proposals.invalid(),
        proposals.slashable(),
        proposals.failedByReason().isEmpty() ? "" : proposals.failedByReason().toString(),
        proposals.p50(),
        proposals.p99(),
        proposals.max(),
        proposals.slowest().stream()
            .map(t -> "slot " + t.slot() + " " + t.latencyMillis() + " ms")
            .toList());
    sections.forEach(section -> out.println(section.line()));
    operations.print(out);
    out.printf(
        "duties each node submitted: %s (after the last kill/restart: %s)%n",
        submissionsPerNode, submissionsPerNodeAfterLastEvent);
    out.printf(
        "CPU seconds per node per epoch (from genesis on): %s%n",
        cpuSecondsPerNodePerEpoch.stream().map(c -> String.format("%.1f", c)).toList());
    out.println(passed() ? "PASSED" : "FAILED");
  }
}
