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
 * slashable pair. Duties (attestations and proposals) outside the partitions in which no side holds
 * t operators, and outside the recovery slots around every partition change: at least the
 * scenario's success rate. During a partition in which no side holds t operators: nothing included
 * (a duty included then would have been signed by fewer than t). After the last heal: duties
 * succeed again. With a hostile node: at least one honest node names it in {@code
 * dvc_peer_faults_total}.
 */
public record ChaosVerdict(
    long counted,
    long countedSucceeded,
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

  /**
   * @param dutySlots epoch → (validator index → attestation slot)
   * @param summary beacon-sim's {@code /dvc/v1/summary}
   * @param faultsNamedByNode honest node → (operator → its {@code dvc_peer_faults_total} sum)
   */
  public static ChaosVerdict judge(
      final ChaosScenario scenario,
      final int nodes,
      final int threshold,
      final Map<Long, Map<Long, Long>> dutySlots,
      final JsonNode summary,
      final Map<Integer, Map<Integer, Double>> faultsNamedByNode) {
    final List<long[]> duties = new ArrayList<>(); // {slot, included 0/1}
    final Map<Long, Set<Long>> includedEpochs = new TreeMap<>();
    for (final JsonNode v : summary.path("validators")) {
      final Set<Long> epochs = new HashSet<>();
      v.path("included_epochs").forEach(e -> epochs.add(e.asLong()));
      includedEpochs.put(v.path("index").asLong(), epochs);
    }
    dutySlots.forEach(
        (epoch, slots) ->
            slots.forEach(
                (validator, slot) ->
                    duties.add(
                        new long[] {
                          slot,
                          includedEpochs.getOrDefault(validator, Set.of()).contains(epoch) ? 1 : 0
                        })));
    for (final JsonNode p : summary.path("proposals").path("duties")) {
      duties.add(new long[] {p.path("slot").asLong(), p.path("included").asBoolean() ? 1 : 0});
    }
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
    long counted = 0;
    long countedOk = 0;
    long during = 0;
    long duringOk = 0;
    long after = 0;
    long afterOk = 0;
    for (final long[] d : duties) {
      final long slot = d[0];
      final boolean ok = d[1] == 1;
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
        counted++;
        countedOk += ok ? 1 : 0;
      }
      if (lastHeal >= 0 && slot >= lastHeal) {
        after++;
        afterOk += ok ? 1 : 0;
      }
    }
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
    } else if ((double) countedOk / counted < scenario.minSuccessRate()) {
      failures.add(
          String.format(
              "%d of %d duties outside partitions succeeded, below %.1f %%",
              countedOk, counted, scenario.minSuccessRate() * 100));
    }
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
