package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.spec.ssz.Bytes;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The sync committee as the simulator saw it: message and contribution counters, the positions of
 * each slot's committee that took part in time (a valid message, or a contribution carrying the
 * position, received no later than {@link SyncCommitteePool#GOSSIP_DISPARITY_MILLIS} into the next
 * slot, for the block root the chain has at that slot), the cluster's contribution duties, and sync
 * subscriptions. Thread-safe.
 *
 * <p>Contribution duties are known as aggregator duties are ({@link AggregationLedger}): every
 * member of a subcommittee when the modulo is 1 (the minimal preset), or a selection proof seen
 * that selects the validator.
 */
final class SyncLedger {
  private static final int MAX_SLOTS_IN_SUMMARY = AggregationLedger.MAX_SLOTS_IN_SUMMARY;

  record DutyKey(long slot, long validator, long subcommittee) implements Comparable<DutyKey> {
    @Override
    public int compareTo(final DutyKey o) {
      return slot != o.slot
          ? Long.compare(slot, o.slot)
          : validator != o.validator
              ? Long.compare(validator, o.validator)
              : Long.compare(subcommittee, o.subcommittee);
    }
  }

  private static final class Duty {
    final TreeSet<String> knownFrom = new TreeSet<>();
    boolean contributed;
    boolean inTime;
  }

  private final SimChain chain;
  private final int clusterSize;
  private final int subcommitteeSize;
  private final SubmissionCounters messages = new SubmissionCounters();
  private final SubmissionCounters contributions = new SubmissionCounters();
  private final TreeMap<Long, Map<Bytes, BitSet>> participation = new TreeMap<>();
  private final TreeMap<DutyKey, Duty> duties = new TreeMap<>();
  private long subscriptions;
  private long contributionsServed;
  private long blocksWithSyncBits;
  private long messagesDropped;
  private long everyMemberScannedUpTo = -1;

  SyncLedger(final SimChain chain) {
    this.chain = chain;
    this.clusterSize = (int) chain.validators().stream().filter(SimValidator::cluster).count();
    this.subcommitteeSize = (int) chain.schedule().preset().syncSubcommitteeSize();
  }

  synchronized void messagesReceived(final int count) {
    messages.received(count);
  }

  synchronized void messageRejected(final String reason) {
    messages.rejected(reason);
  }

  synchronized void contributionsReceived(final int count) {
    contributions.received(count);
  }

  synchronized void contributionRejected(final String reason) {
    contributions.rejected(reason);
  }

  /** A valid message of a validator whose submissions are dropped ({@link SimControls}). */
  synchronized void messageDropped() {
    messagesDropped++;
  }

  /**
   * The positions of a slot's committee that took part in time for the chain's block root at the
   * slot: the sync aggregate the block of {@code slot + 1} carries.
   */
  synchronized BitSet participation(final long slot) {
    return (BitSet)
        participation
            .getOrDefault(slot, Map.of())
            .getOrDefault(chain.blockRoot(slot), new BitSet())
            .clone();
  }

  synchronized void subscribed() {
    subscriptions++;
  }

  synchronized void contributionServed() {
    contributionsServed++;
  }

  synchronized void blockProduced(final int syncBits) {
    if (syncBits > 0) {
      blocksWithSyncBits++;
    }
  }

  /** A valid sync committee message: its positions in the slot's committee. */
  synchronized void messageAccepted(
      final long slot,
      final Bytes root,
      final int[] positions,
      final boolean inTime,
      final boolean duplicate) {
    messages.valid(duplicate);
    if (inTime) {
      final BitSet bits =
          participation
              .computeIfAbsent(slot, s -> new HashMap<>())
              .computeIfAbsent(root, r -> new BitSet());
      for (final int position : positions) {
        bits.set(position);
      }
    }
    prune(slot);
  }

  /** A valid contribution-and-proof (its selection proof verified and selects the aggregator). */
  synchronized void contributionAccepted(
      final long slot,
      final Bytes root,
      final long subcommittee,
      final long aggregator,
      final int[] positions,
      final boolean inTime,
      final boolean duplicate) {
    contributions.valid(duplicate);
    if (inTime) {
      final BitSet bits =
          participation
              .computeIfAbsent(slot, s -> new HashMap<>())
              .computeIfAbsent(root, r -> new BitSet());
      for (final int position : positions) {
        bits.set(position);
      }
    }
    if (aggregator < clusterSize) {
      final Duty duty =
          duties.computeIfAbsent(new DutyKey(slot, aggregator, subcommittee), k -> new Duty());
      duty.knownFrom.add("selection_proof");
      duty.contributed = true;
      duty.inTime |= inTime;
    }
  }

  synchronized long invalidSignatures() {
    return messages.invalidSignatures() + contributions.invalidSignatures();
  }

  private void prune(final long slot) {
    final long oldest = slot - 4L * MAX_SLOTS_IN_SUMMARY;
    if (oldest > 0 && !participation.isEmpty() && participation.firstKey() < oldest) {
      participation.headMap(oldest).clear();
      duties.headMap(new DutyKey(oldest, 0, 0)).clear();
    }
  }

  private void scanEveryMemberSubcommittees(final long lastSlot) {
    if (Selection.syncAggregatorModulo(chain.schedule().preset()) != 1) {
      return;
    }
    final long from =
        Math.max(everyMemberScannedUpTo + 1, Math.max(0, lastSlot - MAX_SLOTS_IN_SUMMARY + 1));
    for (long slot = from; slot <= lastSlot; slot++) {
      final int[] committee = chain.syncCommitteeAtSlot(slot);
      for (int position = 0; position < committee.length; position++) {
        if (committee[position] < clusterSize) {
          duties
              .computeIfAbsent(
                  new DutyKey(slot, committee[position], position / subcommitteeSize),
                  k -> new Duty())
              .knownFrom
              .add("every_member");
        }
      }
    }
    everyMemberScannedUpTo = Math.max(everyMemberScannedUpTo, lastSlot);
  }

  /** The {@code sync_committee} object of the summary (slots that are over, at most 1024). */
  synchronized ObjectNode toJson() {
    final long lastSlot = chain.headSlot() - 1;
    final long firstSlot = Math.max(0, lastSlot - MAX_SLOTS_IN_SUMMARY + 1);
    scanEveryMemberSubcommittees(lastSlot);
    final ObjectNode node =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    node.set("messages", messages.toJson());
    node.set("contributions", contributions.toJson());
    node.put("invalid_signatures", invalidSignatures());
    node.put("messages_dropped", messagesDropped);
    node.put("subscriptions", subscriptions);
    node.put("contributions_served", contributionsServed);
    node.put("produced_blocks_with_sync_bits", blocksWithSyncBits);
    long expectedMessages = 0;
    long participatedMessages = 0;
    final ArrayNode slots = node.putArray("slots");
    for (long slot = firstSlot; slot <= lastSlot; slot++) {
      final int[] committee = chain.syncCommitteeAtSlot(slot);
      final BitSet bits =
          participation
              .getOrDefault(slot, Map.of())
              .getOrDefault(chain.blockRoot(slot), new BitSet());
      final TreeSet<Integer> members = new TreeSet<>();
      final TreeSet<Integer> participated = new TreeSet<>();
      for (int position = 0; position < committee.length; position++) {
        if (committee[position] < clusterSize) {
          members.add(committee[position]);
          if (bits.get(position)) {
            participated.add(committee[position]);
          }
        }
      }
      expectedMessages += members.size();
      participatedMessages += participated.size();
      final ObjectNode s = slots.addObject();
      s.put("slot", slot);
      s.put("period", chain.syncCommitteePeriodOfSlot(slot));
      s.put("participants", bits.cardinality());
      s.put("cluster_members", members.size());
      s.put("cluster_participated", participated.size());
      final ArrayNode missing = s.putArray("cluster_missing");
      members.stream().filter(m -> !participated.contains(m)).forEach(missing::add);
    }
    node.put("expected_messages", expectedMessages);
    node.put("participated_messages", participatedMessages);
    long expected = 0;
    long succeeded = 0;
    final ArrayNode dutyArray = node.putArray("contribution_duties");
    for (final Map.Entry<DutyKey, Duty> e :
        duties.subMap(new DutyKey(firstSlot, 0, 0), new DutyKey(lastSlot + 1, 0, 0)).entrySet()) {
      expected++;
      final Duty duty = e.getValue();
      if (duty.contributed && duty.inTime) {
        succeeded++;
      }
      dutyArray
          .addObject()
          .put("slot", e.getKey().slot())
          .put("validator_index", e.getKey().validator())
          .put("subcommittee_index", e.getKey().subcommittee())
          .put("known_from", String.join(",", duty.knownFrom))
          .put("contributed", duty.contributed)
          .put("in_time", duty.inTime);
    }
    node.put("expected_contributions", expected);
    node.put("succeeded_contributions", succeeded);
    return node;
  }
}
