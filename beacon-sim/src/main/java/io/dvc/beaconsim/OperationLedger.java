package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What beacon-sim saw of builder registrations and voluntary exits, and which validators it shows
 * as live from "elsewhere" (a doppelganger). Counted for the summary ({@code registrations} and
 * {@code exits} of {@code GET /dvc/v1/summary}).
 */
final class OperationLedger {
  private final int clusterValidators;
  private long registrationsReceived;
  private long registrationsValid;
  private final Map<String, Long> registrationsRejected = new TreeMap<>();
  private final TreeMap<Long, BitSet> registeredByEpoch = new TreeMap<>();
  private long exitsReceived;
  private long exitDuplicates;
  private final Map<String, Long> exitsRejected = new TreeMap<>();
  private final Map<Integer, long[]> exits = new TreeMap<>();
  private final Set<Integer> liveElsewhere = new TreeSet<>();

  OperationLedger(final int clusterValidators) {
    this.clusterValidators = clusterValidators;
  }

  synchronized void registration(final long epoch, final int index) {
    registrationsReceived++;
    registrationsValid++;
    registeredByEpoch.computeIfAbsent(epoch, e -> new BitSet()).set(index);
  }

  synchronized void registrationRejected(final String reason) {
    registrationsReceived++;
    registrationsRejected.merge(reason, 1L, Long::sum);
  }

  /** An accepted exit: the validator, its exit message's epoch and the registry's exit epoch. */
  synchronized void exit(final int index, final long epoch, final long exitEpoch) {
    exitsReceived++;
    exits.putIfAbsent(index, new long[] {epoch, exitEpoch});
  }

  /** The same signed exit again (every node of a cluster submits it). */
  synchronized void exitDuplicate() {
    exitsReceived++;
    exitDuplicates++;
  }

  synchronized void exitRejected(final String reason) {
    exitsReceived++;
    exitsRejected.merge(reason, 1L, Long::sum);
  }

  synchronized void markLiveElsewhere(final int index) {
    liveElsewhere.add(index);
  }

  synchronized boolean isLiveElsewhere(final int index) {
    return liveElsewhere.contains(index);
  }

  /** The registrations and exits sections of the summary. */
  synchronized void addTo(final ObjectNode summary, final long currentEpoch) {
    final ObjectNode registrations = summary.putObject("registrations");
    registrations.put("received", registrationsReceived);
    registrations.put("valid", registrationsValid);
    registrations.put("invalid", registrationsReceived - registrationsValid);
    final ObjectNode reasons = registrations.putObject("rejected_by_reason");
    registrationsRejected.forEach(reasons::put);
    final ArrayNode epochs = registrations.putArray("epochs");
    for (long e = Math.max(0, currentEpoch - 1023); e <= currentEpoch; e++) {
      final BitSet bits = registeredByEpoch.getOrDefault(e, new BitSet());
      epochs
          .addObject()
          .put("epoch", e)
          .put("cluster_registered", bits.get(0, clusterValidators).cardinality())
          .put("cluster_validators", clusterValidators);
    }
    final ObjectNode exitNode = summary.putObject("exits");
    exitNode.put("received", exitsReceived);
    exitNode.put("accepted", exits.size());
    exitNode.put("duplicates", exitDuplicates);
    exitNode.put("invalid", exitsRejected.values().stream().mapToLong(Long::longValue).sum());
    final ObjectNode exitReasons = exitNode.putObject("rejected_by_reason");
    exitsRejected.forEach(exitReasons::put);
    final ArrayNode exited = exitNode.putArray("exited");
    exits.forEach(
        (index, epochsOf) ->
            exited
                .addObject()
                .put("validator_index", index)
                .put("epoch", epochsOf[0])
                .put("exit_epoch", epochsOf[1]));
    final ArrayNode live = summary.putArray("live_elsewhere");
    liveElsewhere.forEach(live::add);
  }
}
