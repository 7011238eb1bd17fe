package io.dvc.app.testnet.chaos;

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
 * Whether a chaos run held what its scenario promises, from what the simulated beacon node saw and
 * what the honest nodes' metrics say. Always: no invalid attestation, signature or proposal and no
 * slashable pair. Duties of every type (attestations, proposals, aggregates, sync committee
 * messages, sync contributions) outside the partitions in which no side holds t operators, and
 * outside the recovery slots around every partition change: each type at least the scenario's
 * success rate. During a partition in which no side holds t operators: nothing included (a duty
 * included then would have been signed by fewer than t). After the last heal: duties succeed again.
 * With a hostile node: at least one honest node names it in {@code dvc_peer_faults_total}.
 */
public record ChaosVerdict(
    long counted,
    long countedSucceeded,
    Map<String, Count> countedByType,
    long duringPartition,
    long includedDuringPartition,
    boolean partitionBelowThreshold,
    long afterHeal,
    long succeededAfterHeal,
    long invalid,
    long slashable,
    Map<Integer, Map<Integer, Double>> faultsNamedByNode,
    List<String> failures) {

  /** Slots after its own in which a duty may still complete (its deadline). */
  static final long LIFETIME_SLOTS = 2;

  /** One duty of a type beyond attestations and proposals, and whether it succeeded. */
  public record Duty(long slot, boolean succeeded) {}

  /** Duties of one type judged, and how many succeeded. */
  public record Count(long counted, long succeeded) {
    Count plus(final boolean ok) {
      return new Count(counted + 1, succeeded + (ok ? 1 : 0));
    }

    double rate() {
      return counted == 0 ? 1.0 : (double) succeeded / counted;
    }
  }

  /**
   * @param dutySlots epoch → (validator index → attestation slot)
   * @param summary beacon-sim's {@code /dvc/v1/summary}
   * @param otherDuties duty type → its duties (aggregation, sync messages, contributions), as the
   *     report counted them
   * @param faultsNamedByNode honest node → (operator → its {@code dvc_peer_faults_total} sum)
   */
  public static ChaosVerdict judge(
      final ChaosScenario scenario,
      final int nodes,
      final int threshold,
      final Map<Long, Map<Long, Long>> dutySlots,
      final JsonNode summary,
      final Map<String, List<Duty>> otherDuties,
      final Map<Integer, Map<Integer, Double>> faultsNamedByNode) {
    final Map<String, List<Duty>> duties = new TreeMap<>();
    final Map<Long, Set<Long>> includedEpochs = new TreeMap<>();
    for (final JsonNode v : summary.path("validators")) {
      final Set<Long> epochs = new HashSet<>();
      v.path("included_epochs").forEach(e -> epochs.add(e.asLong()));
      includedEpochs.put(v.path("index").asLong(), epochs);
    }
    final List<Duty> attestations = duties.computeIfAbsent("attestation", t -> new ArrayList<>());
    dutySlots.forEach(
        (epoch, slots) ->
            slots.forEach(
                (validator, slot) ->
                    attestations.add(
                        new Duty(
                            slot,
                            includedEpochs.getOrDefault(validator, Set.of()).contains(epoch)))));
    final List<Duty> proposals = duties.computeIfAbsent("proposal", t -> new ArrayList<>());
    for (final JsonNode p : summary.path("proposals").path("duties")) {
      proposals.add(new Duty(p.path("slot").asLong(), p.path("included").asBoolean()));
    }
    otherDuties.forEach((type, list) -> duties.put(type, List.copyOf(list)));
    final long lastHeal =
        scenario.partitions().stream()
            .mapToLong(ChaosScenario.Partition::toSlot)
            .filter(s -> s != Long.MAX_VALUE)
            .max()
            .orElse(-1);
    boolean belowThreshold = !scenario.partitions().isEmpty();
    for (final ChaosScenario.Partition p : scenario.partitions()) {
      belowThreshold &= p.largestSide(nodes) < threshold;
    }
    final Map<String, Count> byType = new TreeMap<>();
    long during = 0;
    long duringOk = 0;
    long after = 0;
    long afterOk = 0;
    for (final Map.Entry<String, List<Duty>> type : duties.entrySet()) {
      byType.put(type.getKey(), new Count(0, 0));
      for (final Duty d : type.getValue()) {
        final long slot = d.slot();
        final boolean ok = d.succeeded();
        // A duty lives from its slot to its deadline LIFETIME slots later: only duties whose whole
        // life lies inside a partition must not be signed; those that straddle a change (one slot
        // before it starts, or ending after it heals, plus the recovery slots) are not judged.
        // A partition that leaves a side with t operators (one node cut off, or sending into a
        // one-way void) must cost nothing: its duties count like any other.
        final boolean inPartition =
            scenario.partitions().stream()
                .filter(p -> p.largestSide(nodes) < threshold)
                .anyMatch(p -> slot >= p.fromSlot() && slot + LIFETIME_SLOTS < p.toSlot());
        final boolean recovering =
            !inPartition
                && scenario.partitions().stream()
                    .anyMatch(p -> recovering(p, slot, nodes, threshold, scenario.recoverySlots()));
        if (inPartition) {
          during++;
          duringOk += ok ? 1 : 0;
        } else if (!recovering) {
          byType.computeIfPresent(type.getKey(), (t, c) -> c.plus(ok));
        }
        if (lastHeal >= 0 && slot >= lastHeal) {
          after++;
          afterOk += ok ? 1 : 0;
        }
      }
    }
    final long counted = byType.values().stream().mapToLong(Count::counted).sum();
    final long countedOk = byType.values().stream().mapToLong(Count::succeeded).sum();
    final JsonNode att = summary.path("attestations");
    final long invalid =
        att.path("invalid").asLong()
            + att.path("invalid_signatures").asLong()
            + summary.path("proposals").path("invalid").asLong();
    final long slashable =
        summary.path("slashable").path("count").asLong()
            + summary.path("proposals").path("slashable").path("count").asLong();
    final List<String> failures = new ArrayList<>();
    if (invalid > 0) {
      failures.add(invalid + " invalid attestations, signatures or proposals");
    }
    if (slashable > 0) {
      failures.add(slashable + " slashable pairs");
    }
    if (counted == 0) {
      failures.add("no duty outside the partitions to judge");
    }
    byType.forEach(
        (type, count) -> {
          if (count.counted() > 0 && count.rate() < scenario.minSuccessRate()) {
            failures.add(
                String.format(
                    "%s: %d of %d duties outside partitions succeeded, below %.1f %%",
                    type, count.succeeded(), count.counted(), scenario.minSuccessRate() * 100));
          }
        });
    if (belowThreshold && duringOk > 0) {
      failures.add(duringOk + " duties included while no side of the partition had t operators");
    }
    if (lastHeal >= 0 && afterOk == 0) {
      failures.add("no duty succeeded after the partition healed (" + after + " due)");
    }
    for (final int hostile : scenario.hostile().keySet()) {
      final boolean named =
          faultsNamedByNode.entrySet().stream()
              .filter(e -> !scenario.hostile().containsKey(e.getKey()))
              .anyMatch(e -> e.getValue().getOrDefault(hostile, 0.0) > 0);
      if (!named) {
        failures.add("no honest node named hostile operator " + hostile);
      }
    }
    return new ChaosVerdict(
        counted,
        countedOk,
        byType,
        during,
        duringOk,
        belowThreshold,
        after,
        afterOk,
        invalid,
        slashable,
        faultsNamedByNode,
        failures);
  }

  private static final java.util.regex.Pattern PEER_FAULT =
      java.util.regex.Pattern.compile(
          "^dvc_peer_faults_total\\{[^}]*operator=\"(\\d+)\"[^}]*\\}\\s+(\\S+)");

  /** Operator → sum of {@code dvc_peer_faults_total} over kinds, from a Prometheus text page. */
  public static Map<Integer, Double> peerFaults(final String prometheusText) {
    final Map<Integer, Double> result = new TreeMap<>();
    for (final String line : prometheusText.split("\n")) {
      final java.util.regex.Matcher m = PEER_FAULT.matcher(line);
      if (m.find()) {
        try {
          result.merge(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)), Double::sum);
        } catch (final NumberFormatException e) {
          // not a sample line
        }
      }
    }
    return result;
  }

  /** Per running node: operator → its {@code dvc_peer_faults_total} sum, from its /metrics. */
  public static Map<Integer, Map<Integer, Double>> scrapePeerFaults(
      final java.net.http.HttpClient http,
      final List<Integer> healthPorts,
      final List<io.dvc.app.testnet.ManagedProcess> nodes,
      final PrintStream out) {
    final Map<Integer, Map<Integer, Double>> result = new TreeMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (!nodes.get(i).isAlive()) {
        continue;
      }
      final int node = i + 1;
      try {
        io.dvc.app.testnet.MetricsScrape.text(http, healthPorts.get(i))
            .ifPresent(text -> result.put(node, peerFaults(text)));
      } catch (final java.io.IOException e) {
        out.println("metrics of node " + node + " unavailable: " + e.getMessage());
      }
    }
    return result;
  }

  public boolean passed() {
    return failures.isEmpty();
  }

  public ObjectNode toJson() {
    final ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("duties_counted", counted);
    root.put("duties_counted_succeeded", countedSucceeded);
    root.put("success_rate", counted == 0 ? 0.0 : (double) countedSucceeded / counted);
    final ObjectNode types = root.putObject("by_type");
    countedByType.forEach(
        (type, count) -> {
          final ObjectNode t = types.putObject(type);
          t.put("counted", count.counted());
          t.put("succeeded", count.succeeded());
          t.put("success_rate", count.rate());
        });
    root.put("duties_during_partition", duringPartition);
    root.put("included_during_partition", includedDuringPartition);
    root.put("partition_below_threshold", partitionBelowThreshold);
    root.put("duties_after_heal", afterHeal);
    root.put("succeeded_after_heal", succeededAfterHeal);
    root.put("invalid", invalid);
    root.put("slashable", slashable);
    final ObjectNode named = root.putObject("peer_faults_by_node");
    faultsNamedByNode.forEach(
        (node, byOperator) -> {
          final ObjectNode n = named.putObject("node-" + node);
          byOperator.forEach((op, count) -> n.put("operator-" + op, count));
        });
    root.putArray("failures")
        .addAll(failures.stream().map(JsonNodeFactory.instance::textNode).toList());
    root.put("passed", passed());
    return root;
  }

  public void print(final PrintStream out) {
    out.printf(
        "chaos: %d of %d duties outside partitions succeeded (%.2f %%)",
        countedSucceeded, counted, counted == 0 ? 0.0 : 100.0 * countedSucceeded / counted);
    if (duringPartition > 0) {
      out.printf(
          "; during partitions %d of %d included%s; after the heal %d of %d",
          includedDuringPartition,
          duringPartition,
          partitionBelowThreshold ? " (no side had t operators)" : "",
          succeededAfterHeal,
          afterHeal);
    }
    out.printf("; %d invalid, %d slashable%n", invalid, slashable);
    out.println(
        "  by type: "
            + countedByType.entrySet().stream()
                .map(
                    e ->
                        String.format(
                            "%s %d/%d (%.2f %%)",
                            e.getKey(),
                            e.getValue().succeeded(),
                            e.getValue().counted(),
                            100 * e.getValue().rate()))
                .collect(java.util.stream.Collectors.joining(", ")));
    if (!faultsNamedByNode.isEmpty()) {
      out.println("peer faults named by each node (operator -> count): " + faultsNamedByNode);
    }
    out.println(passed() ? "CHAOS PASSED" : "CHAOS FAILED: " + String.join("; ", failures));
  }

  /**
   * Whether a duty's slot straddles a change of a partition: from the slot before it starts to the
   * recovery slots after it heals when no side holds t, else only the slot before each change and
   * the recovery slots after it (in between, the side holding t must do every duty).
   */
  private static boolean recovering(
      final ChaosScenario.Partition p,
      final long slot,
      final int nodes,
      final int threshold,
      final int recoverySlots) {
    if (p.largestSide(nodes) < threshold) {
      return slot >= p.fromSlot() - 1 && slot < p.toSlot() + recoverySlots;
    }
    return (slot >= p.fromSlot() - 1 && slot < p.fromSlot() + recoverySlots)
        || (slot >= p.toSlot() - 1 && slot < p.toSlot() + recoverySlots);
  }
}
