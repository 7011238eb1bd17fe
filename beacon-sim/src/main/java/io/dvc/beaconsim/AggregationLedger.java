package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The attestation aggregation the simulator saw: committee subscriptions and their {@code
 * is_aggregator}, aggregate-and-proof counters, aggregates per committee, the validators whose
 * attestations an accepted aggregate carries (included through aggregates, per target epoch), and
 * the cluster's aggregator duties. Thread-safe.
 *
 * <p>Who must aggregate depends on a selection proof only the validator can make, so a cluster
 * validator's aggregator duty is known from: every member of a committee whose modulo is 1 (fewer
 * than 32 members: all are aggregators whatever the proof); a subscription with {@code
 * is_aggregator: true}; or a selection proof seen in an aggregate-and-proof that selects it. A
 * subscription whose {@code is_aggregator} contradicts a proof seen later is counted as a mismatch.
 */
final class AggregationLedger {
  static final int MAX_SLOTS_IN_SUMMARY = 1024;

  record SlotIndex(long slot, long index) implements Comparable<SlotIndex> {
    @Override
    public int compareTo(final SlotIndex other) {
      return slot != other.slot ? Long.compare(slot, other.slot) : Long.compare(index, other.index);
    }
  }

  /** One cluster validator expected to aggregate in a slot. */
  private static final class Duty {
    long committeeIndex;
    final TreeSet<String> knownFrom = new TreeSet<>();
    boolean aggregated;
  }

  private static final class CommitteeRecord {
    long aggregates;
    final TreeSet<Long> aggregators = new TreeSet<>();
    final BitSet attesters = new BitSet();
  }

  private final SimChain chain;
  private final int clusterSize;
  private final SubmissionCounters counters = new SubmissionCounters();
  private final Map<SlotIndex, Boolean> subscribedAggregator = new HashMap<>();
  private final Map<SlotIndex, Boolean> selectedByProof = new HashMap<>();
  private final TreeMap<SlotIndex, Duty> duties = new TreeMap<>();
  private final TreeMap<SlotIndex, CommitteeRecord> committees = new TreeMap<>();
  private final TreeMap<Long, BitSet> includedByEpoch = new TreeMap<>();
  private long subscriptions;
  private long aggregatorSubscriptions;
  private long mismatches;
  private long aggregatesServed;
  private long everyMemberScannedUpTo = -1;

  AggregationLedger(final SimChain chain) {
    this.chain = chain;
    this.clusterSize = (int) chain.validators().stream().filter(SimValidator::cluster).count();
  }

  synchronized void received(final int count) {
    counters.received(count);
  }

  synchronized void rejected(final String reason) {
    counters.rejected(reason);
  }

  synchronized void served() {
    aggregatesServed++;
  }

  /** A beacon_committee_subscriptions entry. */
  synchronized void subscribed(
      final long slot, final long validator, final long committeeIndex, final boolean aggregator) {
    subscriptions++;
    if (aggregator) {
      aggregatorSubscriptions++;
    }
    final SlotIndex key = new SlotIndex(slot, validator);
    final Boolean before = subscribedAggregator.put(key, aggregator);
    if (before != null && before && !aggregator) {
      // a later subscription withdrew the claim: it no longer makes a duty by itself
      final Duty duty = duties.get(key);
      if (duty != null) {
        duty.knownFrom.remove("subscription");
      }
    }
    final Boolean proof = selectedByProof.get(key);
    if (proof != null && proof != aggregator) {
      mismatches++;
    }
    if (aggregator && validator < clusterSize) {
      duty(key, committeeIndex).knownFrom.add("subscription");
    }
  }

  /** A selection proof seen in an aggregate-and-proof whose signature verified. */
  synchronized void selectionSeen(
      final long slot, final long validator, final long committeeIndex, final boolean selected) {
    final SlotIndex key = new SlotIndex(slot, validator);
    if (selectedByProof.put(key, selected) == null) {
      final Boolean subscription = subscribedAggregator.get(key);
      if (subscription != null && subscription != selected) {
        mismatches++;
      }
    }
    if (selected && validator < clusterSize) {
      duty(key, committeeIndex).knownFrom.add("selection_proof");
    }
  }

  /**
   * An accepted aggregate-and-proof.
   *
   * @param attesters the validators its aggregate carries
   * @param includable its data has the chain's source and target
   */
  synchronized void accepted(
      final long slot,
      final long committeeIndex,
      final long aggregator,
      final List<Integer> attesters,
      final long targetEpoch,
      final boolean includable,
      final boolean duplicate) {
    counters.valid(duplicate);
    if (duplicate) {
      return;
    }
    final CommitteeRecord record =
        committees.computeIfAbsent(new SlotIndex(slot, committeeIndex), k -> new CommitteeRecord());
    record.aggregates++;
    record.aggregators.add(aggregator);
    attesters.forEach(record.attesters::set);
    if (includable) {
      final BitSet included = includedByEpoch.computeIfAbsent(targetEpoch, e -> new BitSet());
      attesters.forEach(included::set);
    }
    if (aggregator < clusterSize) {
      duty(new SlotIndex(slot, aggregator), committeeIndex).aggregated = true;
    }
    prune(slot);
  }

  synchronized long invalidSignatures() {
    return counters.invalidSignatures();
  }

  private Duty duty(final SlotIndex key, final long committeeIndex) {
    final Duty duty = duties.computeIfAbsent(key, k -> new Duty());
    duty.committeeIndex = committeeIndex;
    return duty;
  }

  private void prune(final long slot) {
    final long oldest = slot - 4L * MAX_SLOTS_IN_SUMMARY;
    if (oldest > 0 && !committees.isEmpty() && committees.firstKey().slot() < oldest) {
      committees.headMap(new SlotIndex(oldest, 0)).clear();
      duties.headMap(new SlotIndex(oldest, 0)).clear();
      subscribedAggregator.keySet().removeIf(k -> k.slot() < oldest);
      selectedByProof.keySet().removeIf(k -> k.slot() < oldest);
    }
  }

  /**
   * Adds the duties of committees small enough that every member aggregates (modulo 1), for the
   * slots not scanned yet up to {@code lastSlot}.
   */
  private void scanEveryMemberCommittees(final long lastSlot) {
    final long from =
        Math.max(everyMemberScannedUpTo + 1, Math.max(0, lastSlot - MAX_SLOTS_IN_SUMMARY + 1));
    for (long slot = from; slot <= lastSlot; slot++) {
      for (int c = 0; c < chain.committeesPerSlot(); c++) {
        final int[] committee = chain.committee(slot, c).orElseThrow();
        if (Selection.aggregatorModulo(committee.length) != 1) {
          continue;
        }
        for (final int member : committee) {
          if (member < clusterSize) {
            duty(new SlotIndex(slot, member), c).knownFrom.add("every_member");
          }
        }
      }
    }
    everyMemberScannedUpTo = Math.max(everyMemberScannedUpTo, lastSlot);
  }

  /** The {@code aggregation} object of the summary (slots that are over, at most the last 1024). */
  synchronized ObjectNode toJson() {
    final long head = chain.headSlot();
    final long lastSlot = head - 1;
    scanEveryMemberCommittees(lastSlot);
    final long firstSlot = Math.max(0, lastSlot - MAX_SLOTS_IN_SUMMARY + 1);
    final ObjectNode node = counters.toJson();
    node.put("aggregates_served", aggregatesServed);
    node.put("subscriptions", subscriptions);
    node.put("aggregator_subscriptions", aggregatorSubscriptions);
    node.put("is_aggregator_mismatches", mismatches);
    long expected = 0;
    long succeeded = 0;
    final ArrayNode dutyArray = node.putArray("duties");
    for (final Map.Entry<SlotIndex, Duty> e :
        duties.subMap(new SlotIndex(firstSlot, 0), new SlotIndex(lastSlot + 1, 0)).entrySet()) {
      final Duty duty = e.getValue();
      if (duty.knownFrom.isEmpty()) {
        continue;
      }
      expected++;
      if (duty.aggregated) {
        succeeded++;
      }
      final ObjectNode d = dutyArray.addObject();
      d.put("slot", e.getKey().slot());
      d.put("validator_index", e.getKey().index());
      d.put("committee_index", duty.committeeIndex);
      d.put("known_from", String.join(",", duty.knownFrom));
      d.put("aggregated", duty.aggregated);
    }
    node.put("expected", expected);
    node.put("succeeded", succeeded);
    final ArrayNode committeeArray = node.putArray("committees");
    for (final Map.Entry<SlotIndex, CommitteeRecord> e :
        committees.tailMap(new SlotIndex(firstSlot, 0)).entrySet()) {
      final ObjectNode c = committeeArray.addObject();
      c.put("slot", e.getKey().slot());
      c.put("committee_index", e.getKey().index());
      c.put("aggregates", e.getValue().aggregates);
      c.put("aggregators", e.getValue().aggregators.size());
      c.put("attesters", e.getValue().attesters.cardinality());
    }
    final ArrayNode epochs = node.putArray("epochs");
    final long currentEpoch = chain.epochOf(head);
    for (long epoch = chain.epochOf(firstSlot); epoch <= currentEpoch; epoch++) {
      final BitSet bits = includedByEpoch.getOrDefault(epoch, new BitSet());
      epochs
          .addObject()
          .put("epoch", epoch)
          .put("cluster_included", bits.get(0, clusterSize).cardinality())
          .put("total_included", bits.cardinality());
    }
    return node;
  }
}
