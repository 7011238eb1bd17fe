package io.dvc.app.lodestar;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.app.testnet.DutyLedger;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Lodestar showed of a cluster: per followed epoch which validators it saw live, the blocks
 * due from cluster validators and those in its chain, and the nodes' own submission latencies.
 *
 * @param readyEpoch the epoch in which every node was ready; the following epochs are judged
 * @param firstClusterIndex validators from this index on are the cluster's, below it Lodestar's own
 * @param liveness epoch -> (validator index -> is_live), every validator of the chain
 * @param proposalsDue slot -> proposer index, cluster validators only
 * @param proposalsInChain slot -> proposer of the canonical block there, for the due slots
 * @param attestationLatencies the nodes' submission latencies (ms, sorted) of their attestations
 * @param proposalLatencies the nodes' slot-start-to-publication latencies (ms, sorted)
 * @param findings finality, inclusion, sync bits, registrations and the exit
 */
public record LodestarTestnetReport(
    long readyEpoch,
    int firstClusterIndex,
    Map<Long, Map<Integer, Boolean>> liveness,
    Map<Long, Integer> proposalsDue,
    Map<Long, Integer> proposalsInChain,
    List<Long> attestationLatencies,
    List<Long> proposalLatencies,
    LodestarFindings findings) {

  public LodestarTestnetReport {
    final Map<Long, Map<Integer, Boolean>> copy = new TreeMap<>();
    liveness.forEach((epoch, live) -> copy.put(epoch, Map.copyOf(live)));
    liveness = Map.copyOf(copy);
    proposalsDue = Map.copyOf(proposalsDue);
    proposalsInChain = Map.copyOf(proposalsInChain);
    attestationLatencies = List.copyOf(attestationLatencies);
    proposalLatencies = List.copyOf(proposalLatencies);
  }

  /** epoch -> cluster validators Lodestar did not see live in it (empty lists included). */
  public Map<Long, List<Integer>> notLive() {
    final Map<Long, List<Integer>> result = new TreeMap<>();
    liveness.forEach(
        (epoch, live) ->
            result.put(
                epoch,
                live.entrySet().stream()
                    .filter(e -> e.getKey() >= firstClusterIndex && !e.getValue())
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList()));
    return result;
  }

  /**
   * Every cluster validator live in every judged epoch, every due block in the chain, and the
   * findings passed.
   */
  public boolean passed() {
    return !liveness.isEmpty()
        && notLive().values().stream().allMatch(List::isEmpty)
        && proposalsInChain.equals(proposalsDue)
        && findings.passed();
  }

  public void print(final PrintStream out) {
    out.println();
    out.println("== lodestar testnet report ==");
    out.printf(
        "liveness (Lodestar's view), epochs %d..: cluster validators not live by epoch %s%n",
        readyEpoch + 1, notLive());
    out.printf(
        "proposals of cluster validators: due %d, in the chain %d (due %s, in chain %s)%n",
        proposalsDue.size(), proposalsInChain.size(), proposalsDue, proposalsInChain);
    out.printf(
        "attestation submissions: %d, p50 %d ms, p99 %d ms; block publications: %d, p50 %d ms,"
            + " p99 %d ms%n",
        attestationLatencies.size(),
        DutyLedger.percentile(attestationLatencies, 50),
        DutyLedger.percentile(attestationLatencies, 99),
        proposalLatencies.size(),
        DutyLedger.percentile(proposalLatencies, 50),
        DutyLedger.percentile(proposalLatencies, 99));
    findings.print(out);
    out.println(passed() ? "PASSED" : "FAILED");
  }

  public ObjectNode toJson() {
    final ObjectMapper mapper = new ObjectMapper();
    final ObjectNode root = mapper.createObjectNode();
    root.put("beacon_node", "lodestar " + LodestarInstallation.VERSION);
    root.put("ready_epoch", readyEpoch);
    root.put("first_cluster_index", firstClusterIndex);
    root.set("not_live", mapper.valueToTree(notLive()));
    root.set("proposals_due", mapper.valueToTree(new TreeMap<>(proposalsDue)));
    root.set("proposals_in_chain", mapper.valueToTree(new TreeMap<>(proposalsInChain)));
    root.put("attestations_submitted", attestationLatencies.size());
    root.put("attestation_p50_ms", DutyLedger.percentile(attestationLatencies, 50));
    root.put("attestation_p99_ms", DutyLedger.percentile(attestationLatencies, 99));
    root.put("blocks_published", proposalLatencies.size());
    root.put("proposal_p50_ms", DutyLedger.percentile(proposalLatencies, 50));
    root.put("proposal_p99_ms", DutyLedger.percentile(proposalLatencies, 99));
    root.set("findings", findings.toJson());
    root.put("passed", passed());
    return root;
  }
}
