package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.beaconsim.ApiResponse.PoolFailure;
import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.SignatureSet;
import io.dvc.spec.Preset;
import io.dvc.spec.Schemas;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.SszException;
import io.dvc.spec.types.ContributionAndProof;
import io.dvc.spec.types.SignedContributionAndProof;
import io.dvc.spec.types.SyncAggregate;
import io.dvc.spec.types.SyncAggregatorSelectionData;
import io.dvc.spec.types.SyncCommitteeContribution;
import io.dvc.spec.types.SyncCommitteeMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The sync committee pool: checks sync committee messages and contribution-and-proofs as gossip
 * validation does (the slot is the current one or, within the clock disparity, the one before; the
 * block root is known; the validator sits in the committee of the slot, that of the next slot's
 * period; the aggregator is in the subcommittee and is_sync_committee_aggregator holds on its
 * selection proof; every signature verifies, batch-verified per request), builds contributions from
 * the messages received, and the sync aggregate of a produced block from the messages of the slot
 * before it for the chain's block root there.
 */
final class SyncCommitteePool {
  /** MAXIMUM_GOSSIP_CLOCK_DISPARITY: how late into the next slot a message still takes part. */
  static final long GOSSIP_DISPARITY_MILLIS = 500;

  private volatile long prunedAt = -1;

  private static final int KEEP_SLOTS = 64;

  private final SimChain chain;
  private final SyncLedger ledger;
  private final SigningRoots roots;
  private final Schemas schemas;
  private final int subcommitteeSize;

  /** slot → block root → validator → its message signature. */
  private final Map<Long, Map<Bytes, Map<Integer, BlsSignature>>> messages =
      new ConcurrentHashMap<>();

  private final Map<SyncCommitteeMessage, Long> verifiedMessages = new ConcurrentHashMap<>();
  private final Map<SyncCommitteeContribution, Long> builtContributions = new ConcurrentHashMap<>();
  private final Map<Served, Built> served = new ConcurrentHashMap<>();

  private record Served(long slot, long subcommittee, Bytes root) {}

  /** A contribution served, and how many messages for its slot and root there were. */
  private record Built(int messages, SyncCommitteeContribution contribution) {}

  private final Map<SignedContributionAndProof, Long> verifiedContributions =
      new ConcurrentHashMap<>();

  private record Candidate(
      int index,
      long slot,
      Bytes root,
      long validator,
      int[] positions,
      Object element,
      List<SignatureSet> sets,
      boolean alreadyVerified) {}

  SyncCommitteePool(final SimChain chain, final SyncLedger ledger) {
    this.chain = chain;
    this.ledger = ledger;
    this.roots = new SigningRoots(chain.schedule());
    this.schemas = chain.schedule().schemas();
    this.subcommitteeSize = (int) chain.schedule().preset().syncSubcommitteeSize();
  }

  /** Forgets which messages and contributions verified (benchmarks measure fresh ones). */
  void forgetVerified() {
    verifiedMessages.clear();
    verifiedContributions.clear();
  }

  /** {@code POST /eth/v1/beacon/pool/sync_committees}: the refused elements by position. */
  List<PoolFailure> submitMessages(final JsonNode items) {
    ledger.messagesReceived(items.size());
    final List<PoolFailure> failures = new ArrayList<>();
    final List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      try {
        candidates.add(checkMessage(i, items.get(i)));
      } catch (final AggregationPool.Refused e) {
        failures.add(new PoolFailure(i, e.reason, e.getMessage()));
      }
    }
    for (final Candidate c : verify(candidates, failures, "sync committee message")) {
      final SyncCommitteeMessage message = (SyncCommitteeMessage) c.element();
      if (chain.isDropped(c.validator())) {
        // answered 200 like the rest, but never gossiped: in no contribution, aggregate or bit
        ledger.messageDropped();
        continue;
      }
      if (!c.alreadyVerified()) {
        verifiedMessages.put(message, c.slot());
        messages
            .computeIfAbsent(c.slot(), s -> new ConcurrentHashMap<>())
            .computeIfAbsent(c.root(), r -> new ConcurrentHashMap<>())
            .put((int) c.validator(), c.sets().get(0).signature());
      }
      ledger.messageAccepted(
          c.slot(), c.root(), c.positions(), inTime(c.slot()), c.alreadyVerified());
    }
    failures.sort(Comparator.comparingInt(PoolFailure::index));
    failures.forEach(f -> ledger.messageRejected(f.reason()));
    prune();
    return List.copyOf(failures);
  }

  /** {@code POST /eth/v1/validator/contribution_and_proofs}: the refused elements by position. */
  List<PoolFailure> submitContributions(final JsonNode items) {
    ledger.contributionsReceived(items.size());
    final List<PoolFailure> failures = new ArrayList<>();
    final List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      try {
        candidates.add(checkContribution(i, items.get(i)));
      } catch (final AggregationPool.Refused e) {
        failures.add(new PoolFailure(i, e.reason, e.getMessage()));
      }
    }
    for (final Candidate c : verify(candidates, failures, "contribution and proof")) {
      final SignedContributionAndProof signed = (SignedContributionAndProof) c.element();
      if (!c.alreadyVerified()) {
        verifiedContributions.put(signed, c.slot());
      }
      ledger.contributionAccepted(
          c.slot(),
          c.root(),
          signed.message().contribution().subcommitteeIndex(),
          c.validator(),
          c.positions(),
          inTime(c.slot()),
          c.alreadyVerified());
    }
    failures.sort(Comparator.comparingInt(PoolFailure::index));
    failures.forEach(f -> ledger.contributionRejected(f.reason()));
    prune();
    return List.copyOf(failures);
  }

  /**
   * {@code GET /eth/v1/validator/sync_committee_contribution}: the messages received for the slot
   * and root from the subcommittee's members.
   *
   * @throws ApiException 400 for a future slot or a subcommittee index out of range; 404 when no
   *     member's message is known
   */
  SyncCommitteeContribution contribution(
      final long slot, final long subcommittee, final Bytes root) {
    if (slot > chain.headSlot()) {
      throw ApiException.badRequest(
          "slot "
              + Long.toUnsignedString(slot)
              + " is in the future (head "
              + chain.headSlot()
              + ")");
    }
    if (subcommittee < 0 || subcommittee >= Preset.SYNC_COMMITTEE_SUBNET_COUNT) {
      throw ApiException.badRequest(
          "subcommittee_index "
              + Long.toUnsignedString(subcommittee)
              + " out of range (SYNC_COMMITTEE_SUBNET_COUNT "
              + Preset.SYNC_COMMITTEE_SUBNET_COUNT
              + ")");
    }
    final int[] committee = chain.syncCommitteeAtSlot(slot);
    final Map<Integer, BlsSignature> byValidator =
        messages.getOrDefault(slot, Map.of()).getOrDefault(root, Map.of());
    final Served key = new Served(slot, subcommittee, root);
    final Built cached = served.get(key);
    if (cached != null && cached.messages() == byValidator.size()) {
      ledger.contributionServed();
      return cached.contribution();
    }
    final List<Integer> bits = new ArrayList<>();
    final List<BlsSignature> signatures = new ArrayList<>();
    for (int i = 0; i < subcommitteeSize; i++) {
      final BlsSignature signature =
          byValidator.get(committee[(int) subcommittee * subcommitteeSize + i]);
      if (signature != null) {
        bits.add(i);
        signatures.add(signature);
      }
    }
    if (signatures.isEmpty()) {
      throw ApiException.notFound(
          "no sync committee message of subcommittee "
              + subcommittee
              + " for block root "
              + root
              + " at slot "
              + slot);
    }
    final SyncCommitteeContribution contribution =
        new SyncCommitteeContribution(
            slot,
            root,
            subcommittee,
            Bits.of(subcommitteeSize, bits.stream().mapToInt(i -> i).toArray()),
            Bytes.of(Bls.aggregate(signatures).toBytes()));
    builtContributions.put(contribution, slot);
    served.put(key, new Built(byValidator.size(), contribution));
    ledger.contributionServed();
    return contribution;
  }

  /** The sync aggregate of a block at {@code blockSlot}: messages of the slot before it. */
  SyncAggregate syncAggregateForBlock(final long blockSlot) {
    final int size = (int) chain.schedule().preset().syncCommitteeSize();
    if (blockSlot == 0) {
      return new SyncAggregate(Bits.zero(size), BlockFactory.INFINITY_SIGNATURE);
    }
    final long slot = blockSlot - 1;
    final int[] committee = chain.syncCommitteeAtSlot(slot);
    final Map<Integer, BlsSignature> byValidator =
        messages.getOrDefault(slot, Map.of()).getOrDefault(chain.blockRoot(slot), Map.of());
    final List<Integer> bits = new ArrayList<>();
    final List<BlsSignature> signatures = new ArrayList<>();
    for (int i = 0; i < committee.length; i++) {
      final BlsSignature signature = byValidator.get(committee[i]);
      if (signature != null) {
        bits.add(i);
        signatures.add(signature);
      }
    }
    ledger.blockProduced(bits.size());
    if (signatures.isEmpty()) {
      return new SyncAggregate(Bits.zero(size), BlockFactory.INFINITY_SIGNATURE);
    }
    return new SyncAggregate(
        Bits.of(size, bits.stream().mapToInt(i -> i).toArray()),
        Bytes.of(Bls.aggregate(signatures).toBytes()));
  }

  private Candidate checkMessage(final int index, final JsonNode item) {
    final SyncCommitteeMessage message =
        parse(() -> schemas.syncCommitteeMessage.fromJson(item), "sync committee message");
    checkTiming(message.slot(), message.beaconBlockRoot());
    final int[] positions =
        positions(message.slot(), message.validatorIndex(), 0, Integer.MAX_VALUE);
    if (positions.length == 0) {
      throw new AggregationPool.Refused(
          RejectReason.NOT_IN_SYNC_COMMITTEE,
          "validator "
              + Long.toUnsignedString(message.validatorIndex())
              + " is not in the sync committee of slot "
              + message.slot()
              + " (period "
              + chain.syncCommitteePeriodOfSlot(message.slot())
              + ")");
    }
    if (verifiedMessages.containsKey(message)) {
      // the same bytes verified before (every node of a cluster submits the same message)
      return new Candidate(
          index,
          message.slot(),
          message.beaconBlockRoot(),
          message.validatorIndex(),
          positions,
          message,
          List.of(),
          true);
    }
    final BlsSignature signature = signature(message.signature(), RejectReason.INVALID_SIGNATURE);
    return new Candidate(
        index,
        message.slot(),
        message.beaconBlockRoot(),
        message.validatorIndex(),
        positions,
        message,
        List.of(
            new SignatureSet(
                key(message.validatorIndex()),
                roots.syncCommitteeMessage(message.slot(), message.beaconBlockRoot()).toArray(),
                signature)),
        false);
  }

  private Candidate checkContribution(final int index, final JsonNode item) {
    final SignedContributionAndProof signed =
        parse(() -> schemas.signedContributionAndProof.fromJson(item), "contribution and proof");
    final ContributionAndProof message = signed.message();
    final SyncCommitteeContribution contribution = message.contribution();
    final long slot = contribution.slot();
    checkTiming(slot, contribution.beaconBlockRoot());
    final long subcommittee = contribution.subcommitteeIndex();
    if (subcommittee < 0 || subcommittee >= Preset.SYNC_COMMITTEE_SUBNET_COUNT) {
      throw new AggregationPool.Refused(
          RejectReason.BAD_SUBCOMMITTEE,
          "subcommittee_index " + Long.toUnsignedString(subcommittee) + " out of range");
    }
    final int from = (int) subcommittee * subcommitteeSize;
    if (positions(slot, message.aggregatorIndex(), from, from + subcommitteeSize).length == 0) {
      throw new AggregationPool.Refused(
          RejectReason.AGGREGATOR_NOT_IN_COMMITTEE,
          "aggregator "
              + Long.toUnsignedString(message.aggregatorIndex())
              + " is not in sync subcommittee "
              + subcommittee
              + " at slot "
              + slot);
    }
    final Bits bits = contribution.aggregationBits();
    if (bits.bitCount() == 0) {
      throw new AggregationPool.Refused(
          RejectReason.NO_PARTICIPANTS, "the contribution has no aggregation bit set");
    }
    if (!Selection.isSyncCommitteeAggregator(chain.schedule().preset(), message.selectionProof())) {
      throw new AggregationPool.Refused(
          RejectReason.NOT_SELECTED,
          "validator "
              + message.aggregatorIndex()
              + " is not a sync aggregator of subcommittee "
              + subcommittee
              + " at slot "
              + slot
              + ": is_sync_committee_aggregator is false for its selection proof");
    }
    final int[] committee = chain.syncCommitteeAtSlot(slot);
    final List<Integer> positions = new ArrayList<>();
    final List<BlsPublicKey> keys = new ArrayList<>();
    for (int i = 0; i < subcommitteeSize; i++) {
      if (bits.get(i)) {
        positions.add(from + i);
        keys.add(key(committee[from + i]));
      }
    }
    final int[] absolute = positions.stream().mapToInt(i -> i).toArray();
    if (verifiedContributions.containsKey(signed)) {
      return new Candidate(
          index,
          slot,
          contribution.beaconBlockRoot(),
          message.aggregatorIndex(),
          absolute,
          signed,
          List.of(),
          true);
    }
    final BlsSignature proof =
        signature(message.selectionProof(), RejectReason.INVALID_SELECTION_PROOF);
    final BlsPublicKey aggregatorKey = key(message.aggregatorIndex());
    final List<SignatureSet> sets = new ArrayList<>();
    sets.add(
        new SignatureSet(
            aggregatorKey,
            roots.syncSelectionProof(new SyncAggregatorSelectionData(slot, subcommittee)).toArray(),
            proof));
    sets.add(
        new SignatureSet(
            aggregatorKey,
            roots.contributionAndProof(message).toArray(),
            signature(signed.signature(), RejectReason.INVALID_SIGNATURE)));
    final BlsSignature aggregate =
        signature(contribution.signature(), RejectReason.INVALID_AGGREGATE_SIGNATURE);
    if (!builtContributions.containsKey(contribution)) {
      sets.add(
          new SignatureSet(
              keys.size() == 1 ? keys.get(0) : Bls.aggregatePublicKeys(keys),
              roots.syncCommitteeMessage(slot, contribution.beaconBlockRoot()).toArray(),
              aggregate));
    }
    return new Candidate(
        index,
        slot,
        contribution.beaconBlockRoot(),
        message.aggregatorIndex(),
        absolute,
        signed,
        sets,
        false);
  }

  /** Batch-verifies the fresh candidates; returns those accepted, adds the others to failures. */
  private static List<Candidate> verify(
      final List<Candidate> candidates, final List<PoolFailure> failures, final String what) {
    final List<SignatureSet> all = new ArrayList<>();
    candidates.stream().filter(c -> !c.alreadyVerified()).forEach(c -> all.addAll(c.sets()));
    final boolean allValid = !all.isEmpty() && Bls.batchVerify(all);
    final String[] reasons =
        what.startsWith("contribution")
            ? new String[] {
              RejectReason.INVALID_SELECTION_PROOF,
              RejectReason.INVALID_SIGNATURE,
              RejectReason.INVALID_AGGREGATE_SIGNATURE
            }
            : new String[] {RejectReason.INVALID_SIGNATURE};
    final List<Candidate> accepted = new ArrayList<>();
    for (final Candidate c : candidates) {
      String failed = null;
      if (!c.alreadyVerified() && !allValid) {
        for (int i = 0; i < c.sets().size() && failed == null; i++) {
          final SignatureSet set = c.sets().get(i);
          if (!Bls.verify(set.publicKey(), set.message(), set.signature())) {
            failed = reasons[i];
          }
        }
      }
      if (failed == null) {
        accepted.add(c);
      } else {
        failures.add(
            new PoolFailure(
                c.index(),
                failed,
                failed.replace('_', ' ')
                    + " in the "
                    + what
                    + " of validator "
                    + c.validator()
                    + " at slot "
                    + c.slot()));
      }
    }
    return accepted;
  }

  /** The validator's positions in the slot's sync committee within [from, to). */
  private int[] positions(final long slot, final long validator, final int from, final int to) {
    final int[] committee = chain.syncCommitteeAtSlot(slot);
    return java.util.stream.IntStream.range(Math.max(0, from), Math.min(to, committee.length))
        .filter(i -> committee[i] == validator)
        .toArray();
  }

  private void checkTiming(final long slot, final Bytes root) {
    final long head = chain.headSlot();
    if (slot > head) {
      throw new AggregationPool.Refused(
          RejectReason.FUTURE_SLOT,
          "slot " + Long.toUnsignedString(slot) + " is in the future (head slot " + head + ")");
    }
    if (slot + 1 < head) {
      throw new AggregationPool.Refused(
          RejectReason.PAST_SLOT,
          "slot " + slot + " is past: sync committee messages are for the current slot " + head);
    }
    final java.util.Optional<Long> blockSlot = chain.slotOfBlock(root);
    if (blockSlot.isEmpty() || blockSlot.get() > slot) {
      throw new AggregationPool.Refused(
          RejectReason.UNKNOWN_BLOCK,
          "beacon_block_root " + root + " is not a known block at or before slot " + slot);
    }
  }

  /** Received no later than the clock disparity into the next slot. */
  private boolean inTime(final long slot) {
    return chain.clock().time().currentTimeMillis()
        <= chain.clock().slotStartMillis(slot + 1) + GOSSIP_DISPARITY_MILLIS;
  }

  private BlsPublicKey key(final long validator) {
    return chain.validators().get((int) validator).publicKey();
  }

  private static BlsSignature signature(final Bytes bytes, final String reason) {
    final BlsSignature signature = BlsSignature.fromBytes(bytes.toArray());
    if (!signature.isValid()) {
      throw new AggregationPool.Refused(reason, reason.replace('_', ' ') + ": not a G2 point");
    }
    return signature;
  }

  private static <T> T parse(final Supplier<T> parser, final String what) {
    try {
      return parser.get();
    } catch (final SszException | IllegalArgumentException e) {
      throw new AggregationPool.Refused(
          RejectReason.MALFORMED, "malformed " + what + ": " + e.getMessage());
    }
  }

  private void prune() {
    final long head = chain.headSlot();
    if (head == prunedAt) {
      return;
    }
    prunedAt = head;
    final long oldest = head - KEEP_SLOTS;
    if (oldest > 0) {
      messages.keySet().removeIf(slot -> slot < oldest);
      verifiedMessages.values().removeIf(slot -> slot < oldest);
      builtContributions.values().removeIf(slot -> slot < oldest);
      served.keySet().removeIf(k -> k.slot() < oldest);
      verifiedContributions.values().removeIf(slot -> slot < oldest);
    }
  }
}
