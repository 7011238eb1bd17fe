package io.dvc.app.lodestar;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.app.lodestar.ChainInclusion.SyncTally;
import io.dvc.app.lodestar.ChainProbe.Finality;
import io.dvc.app.testnet.DutyLedger;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What Lodestar's chain shows of the cluster beyond liveness and proposals: finality, the inclusion
 * of the cluster validators' attestations (through their own aggregates: on this chain every
 * committee has one member), their sync-aggregate bits, the builder registrations that reached
 * Lodestar's builder, a voluntary exit, and the nodes' own outcomes of the other duties.
 *
 * @param clusterValidators the cluster's validator indices
 * @param firstEpoch the first judged epoch
 * @param lastEpoch the last judged epoch
 * @param finality judged epoch -> the head's checkpoints two slots after it ended
 * @param attestationsNotIncluded judged epoch -> cluster validators whose attestation of that epoch
 *     no block included
 * @param syncParticipation validator -> its sync-committee seats and set bits in the judged blocks
 * @param syncBlocks the judged blocks whose sync aggregate was counted
 * @param registrationsValid epoch -> (validator -> valid registrations the builder received)
 * @param registrationsInvalid reason -> registrations the builder refused
 * @param duties duty type -> the nodes' outcomes in the judged epochs
 * @param exit the voluntary exit, or null when none was asked for
 */
public record LodestarFindings(
    List<Integer> clusterValidators,
    long firstEpoch,
    long lastEpoch,
    Map<Long, Finality> finality,
    Map<Long, List<Integer>> attestationsNotIncluded,
    Map<Integer, SyncTally> syncParticipation,
    int syncBlocks,
    Map<Long, Map<Integer, Integer>> registrationsValid,
    Map<String, Integer> registrationsInvalid,
    Map<String, DutyCount> duties,
    ExitResult exit) {

  /**
   * Minimum share of a cluster validator's sync seats whose bit must be set. Misses come a block at
   * a time (a block whose aggregate lacks a slot's messages) and hit Lodestar's own validators as
   * much: they had 88-96 % of their bits set in the runs of 2 December 2026, the cluster's 92-100
   * %.
   */
  public static final double MIN_SYNC_RATIO = 0.8;

  /** A duty type's outcomes: successes and failures by reason. */
  public record DutyCount(int succeeded, Map<String, Integer> failed) {
    public DutyCount {
      failed = Map.copyOf(failed);
    }

    /** The ledger's duties of the slot range. */
    static DutyCount of(final DutyLedger ledger, final long firstSlot, final long lastSlot) {
      int succeeded = 0;
      final Map<String, Integer> failed = new TreeMap<>();
      for (long slot = firstSlot; slot <= lastSlot; slot++) {
        final DutyLedger.SlotProgress progress = ledger.slot(slot);
        succeeded += progress.successes();
        progress.failures().forEach((reason, n) -> failed.merge(reason, n, Integer::sum));
      }
      return new DutyCount(succeeded, failed);
    }
  }

  /**
   * A voluntary exit asked for through {@code dvc exit}.
   *
   * @param validator the validator exited
   * @param requestSlot the slot the request was made at
   * @param output what {@code dvc exit} printed
   * @param seenInPoolAtSlot the slot at which Lodestar's exit pool first showed it
   * @param exitEpoch the exit epoch in Lodestar's head state at the end (once a block included it)
   */
  public record ExitResult(
      int validator,
      long requestSlot,
      List<String> output,
      OptionalLong seenInPoolAtSlot,
      OptionalLong exitEpoch) {
    public ExitResult {
      output = List.copyOf(output);
    }

    /** Lodestar took it: it was in its pool, or a block of its chain already holds it. */
    public boolean accepted() {
      return seenInPoolAtSlot.isPresent() || exitEpoch.isPresent();
    }
  }

  public LodestarFindings {
    clusterValidators = List.copyOf(clusterValidators);
    finality = Map.copyOf(finality);
    attestationsNotIncluded = Map.copyOf(attestationsNotIncluded);
    syncParticipation = Map.copyOf(syncParticipation);
    final Map<Long, Map<Integer, Integer>> copy = new TreeMap<>();
    registrationsValid.forEach((e, r) -> copy.put(e, Map.copyOf(r)));
    registrationsValid = Map.copyOf(copy);
    registrationsInvalid = Map.copyOf(registrationsInvalid);
    duties = Map.copyOf(duties);
  }

  /** The finalized epoch at the last check, or -1 when none was read. */
  public long lastFinalized() {
    return finality.isEmpty() ? -1 : finality.get(new TreeMap<>(finality).lastKey()).finalized();
  }

  /** Finality advanced past the first judged epoch's start: epoch firstEpoch is finalized. */
  public boolean finalityAdvanced() {
    return lastFinalized() >= firstEpoch;
  }

  public boolean attestationsIncluded() {
    return attestationsNotIncluded.size() == lastEpoch - firstEpoch + 1
        && attestationsNotIncluded.values().stream().allMatch(List::isEmpty);
  }

  /** Cluster validators with sync seats whose bits are set in fewer than MIN_SYNC_RATIO of them. */
  public List<Integer> syncBelowMinimum() {
    return clusterValidators.stream()
        .filter(v -> syncParticipation.containsKey(v))
        .filter(v -> syncParticipation.get(v).ratio() < MIN_SYNC_RATIO)
        .toList();
  }

  /** At least one cluster validator sat in the sync committee, and each one's bits were set. */
  public boolean syncBitsSet() {
    return clusterValidators.stream().anyMatch(syncParticipation::containsKey)
        && syncBelowMinimum().isEmpty();
  }

  /** epoch -> cluster validators without a valid registration at the builder in it. */
  public Map<Long, List<Integer>> registrationsMissing() {
    final Map<Long, List<Integer>> result = new TreeMap<>();
    for (long epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
      final Map<Integer, Integer> got = registrationsValid.getOrDefault(epoch, Map.of());
      result.put(epoch, clusterValidators.stream().filter(v -> !got.containsKey(v)).toList());
    }
    return result;
  }

  public boolean registrationsAccepted() {
    return registrationsInvalid.isEmpty()
        && registrationsMissing().values().stream().allMatch(List::isEmpty);
  }

  public boolean passed() {
    return finalityAdvanced()
        && attestationsIncluded()
        && syncBitsSet()
        && registrationsAccepted()
        && (exit == null || exit.accepted());
  }

  public void print(final PrintStream out) {
    final Map<Long, String> checkpoints = new TreeMap<>();
    finality.forEach((e, f) -> checkpoints.put(e, f.justified() + "/" + f.finalized()));
    out.printf(
        "finality (justified/finalized after each judged epoch) %s: finalized %d, needs >= %d%n",
        checkpoints, lastFinalized(), firstEpoch);
    out.printf(
        "attestations of cluster validators not in any block, by epoch: %s%n",
        new TreeMap<>(attestationsNotIncluded));
    final Map<Integer, String> sync = new TreeMap<>();
    syncParticipation.forEach((v, t) -> sync.put(v, t.set() + "/" + t.seats()));
    out.printf(
        "sync-aggregate bits set/seats in %d blocks, by validator: %s; cluster validators below"
            + " %.0f%%: %s%n",
        syncBlocks, sync, MIN_SYNC_RATIO * 100, syncBelowMinimum());
    out.printf(
        "builder registrations (valid, received by Lodestar's builder) by epoch: %s; invalid %s;"
            + " cluster validators missing %s%n",
        new TreeMap<>(registrationsValid), registrationsInvalid, registrationsMissing());
    new TreeMap<>(duties)
        .forEach(
            (type, c) ->
                out.printf(
                    "%s (nodes' outcomes%s): succeeded %d, failed %s%n",
                    type,
                    "builder_registration".equals(type)
                        ? "; signings only, unchanged re-sends are no outcome"
                        : "",
                    c.succeeded(),
                    c.failed()));
    if (exit != null) {
      out.printf(
          "voluntary exit of validator %d requested at slot %d: in Lodestar's pool at slot %s,"
              + " exit epoch in its state %s -> %s%n",
          exit.validator(),
          exit.requestSlot(),
          exit.seenInPoolAtSlot().isPresent() ? exit.seenInPoolAtSlot().getAsLong() : "never",
          exit.exitEpoch().isPresent() ? exit.exitEpoch().getAsLong() : "none",
          exit.accepted() ? "accepted" : "NOT accepted");
      exit.output().forEach(line -> out.println("  dvc exit: " + line));
    }
  }

  public ObjectNode toJson() {
    final ObjectMapper mapper = new ObjectMapper();
    final ObjectNode root = mapper.createObjectNode();
    final ObjectNode fin = root.putObject("finality");
    new TreeMap<>(finality)
        .forEach(
            (e, f) ->
                fin.putObject(Long.toString(e))
                    .put("justified", f.justified())
                    .put("finalized", f.finalized()));
    root.put("finality_advanced", finalityAdvanced());
    root.set(
        "attestations_not_included", mapper.valueToTree(new TreeMap<>(attestationsNotIncluded)));
    final ObjectNode sync = root.putObject("sync_participation");
    new TreeMap<>(syncParticipation)
        .forEach(
            (v, t) ->
                sync.putObject(Integer.toString(v)).put("seats", t.seats()).put("set", t.set()));
    root.put("sync_blocks", syncBlocks);
    root.set("registrations_valid", mapper.valueToTree(new TreeMap<>(registrationsValid)));
    root.set("registrations_invalid", mapper.valueToTree(registrationsInvalid));
    root.set("registrations_missing", mapper.valueToTree(registrationsMissing()));
    final ObjectNode d = root.putObject("duties");
    new TreeMap<>(duties)
        .forEach(
            (type, c) ->
                d.putObject(type)
                    .put("succeeded", c.succeeded())
                    .set("failed", mapper.valueToTree(c.failed())));
    if (exit != null) {
      final ObjectNode e = root.putObject("exit");
      e.put("validator", exit.validator());
      e.put("request_slot", exit.requestSlot());
      if (exit.seenInPoolAtSlot().isPresent()) {
        e.put("in_pool_at_slot", exit.seenInPoolAtSlot().getAsLong());
      }
      if (exit.exitEpoch().isPresent()) {
        e.put("exit_epoch", exit.exitEpoch().getAsLong());
      }
      e.put("accepted", exit.accepted());
      e.set("output", mapper.valueToTree(exit.output()));
    }
    root.put("passed", passed());
    return root;
  }
}
