package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.beaconsim.ApiResponse.PoolFailure;
import io.dvc.beaconsim.AttestationPool.VerifiedKey;
import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.SignatureSet;
import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.SszException;
import io.dvc.spec.types.AggregateAndProof;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.ElectraAttestation;
import io.dvc.spec.types.Phase0Attestation;
import io.dvc.spec.types.SignedAggregateAndProof;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Attestation aggregation: answers {@code aggregate_attestation} with the aggregate of what was
 * submitted for a data root and committee (the pool's verified attestations and the aggregates
 * accepted before, disjoint sets merged, larger first), and checks submitted {@code
 * SignedAggregateAndProof}s as gossip validation does: form and fork, timing, committee (Electra:
 * exactly one committee bit), aggregation bits, the aggregator in the committee, is_aggregator on
 * the selection proof, then three signatures (selection proof over the slot, the
 * aggregate-and-proof with DOMAIN_AGGREGATE_AND_PROOF, the aggregate over the data), batch-verified
 * per request.
 */
final class AggregationPool {
  private volatile long prunedAt = -1;

  private static final int KEEP_SLOTS = 128;

  private final SimChain chain;
  private final LongFunction<List<VerifiedKey>> verifiedAttestations;
  private final AggregationLedger ledger;
  private final SigningRoots roots;
  private final Schemas schemas;
  private final Map<Long, List<VerifiedKey>> acceptedAggregates = new ConcurrentHashMap<>();
  private final Map<VerifiedKey, Long> builtAggregates = new ConcurrentHashMap<>();
  private final Map<SignedAggregateAndProof, Long> verified = new ConcurrentHashMap<>();

  /** The last aggregate served per (slot, data root, committee), with the parts it was built of. */
  private final Map<Served, Built> served = new ConcurrentHashMap<>();

  private record Served(long slot, Bytes dataRoot, long committee) {}

  private record Built(int parts, Attestation attestation) {}

  /** The request-independent result of checking one element. */
  private record Candidate(
      int index,
      SignedAggregateAndProof signed,
      long committeeIndex,
      List<Integer> attesters,
      List<SignatureSet> sets,
      boolean alreadyVerified) {
    AttestationData data() {
      return signed.message().aggregate().data();
    }
  }

  AggregationPool(
      final SimChain chain,
      final LongFunction<List<VerifiedKey>> verifiedAttestations,
      final AggregationLedger ledger) {
    this.chain = chain;
    this.verifiedAttestations = verifiedAttestations;
    this.ledger = ledger;
    this.roots = new SigningRoots(chain.schedule());
    this.schemas = chain.schedule().schemas();
  }

  /**
   * The aggregate of what was submitted for a data root at a slot in one committee; {@code
   * committeeIndex} empty for the v1 form (phase0: the committee is data.index).
   *
   * @throws ApiException 404 when nothing matches, 400 for a future slot or unknown committee
   */
  Attestation aggregate(
      final Bytes dataRoot, final long slot, final Optional<Long> committeeIndex) {
    if (slot > chain.headSlot()) {
      throw ApiException.badRequest(
          "slot "
              + Long.toUnsignedString(slot)
              + " is in the future (head "
              + chain.headSlot()
              + ")");
    }
    final boolean electra = chain.forkAtSlot(slot).isAtLeast(ForkName.ELECTRA);
    final List<VerifiedKey> parts = new ArrayList<>();
    final Map<AttestationData, Boolean> matches = new HashMap<>();
    final List<VerifiedKey> candidates = new ArrayList<>(verifiedAttestations.apply(slot));
    candidates.addAll(acceptedAggregates.getOrDefault(slot, List.of()));
    for (final VerifiedKey key : candidates) {
      if (matches.computeIfAbsent(
          key.data(), d -> schemas.attestationData.hashTreeRoot(d).equals(dataRoot))) {
        parts.add(key);
      }
    }
    if (parts.isEmpty()) {
      throw ApiException.notFound(
          "no attestation for attestation_data_root " + dataRoot + " at slot " + slot);
    }
    final AttestationData data = parts.get(0).data();
    final long committee = committeeIndex.orElse(data.index());
    // every node of a cluster asks for the same aggregate: build it again only when more arrived
    final Served key = new Served(slot, dataRoot, committee);
    final Built cached = served.get(key);
    if (cached != null && cached.parts() == parts.size()) {
      ledger.served();
      return cached.attestation();
    }
    if (!electra && committee != data.index()) {
      throw ApiException.notFound(
          "no attestation for attestation_data_root " + dataRoot + " in committee " + committee);
    }
    final int[] members =
        chain
            .committee(slot, committee)
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "committee_index "
                            + Long.toUnsignedString(committee)
                            + " does not exist at slot "
                            + slot));
    final Map<Integer, Integer> positions = new HashMap<>();
    for (int i = 0; i < members.length; i++) {
      positions.put(members[i], i);
    }
    parts.sort(Comparator.comparingInt((VerifiedKey k) -> -k.attesters().size()));
    final Set<Integer> covered = new HashSet<>();
    final List<BlsSignature> signatures = new ArrayList<>();
    for (final VerifiedKey part : parts) {
      if (!positions.keySet().containsAll(part.attesters())
          || part.attesters().stream().anyMatch(covered::contains)) {
        continue;
      }
      covered.addAll(part.attesters());
      signatures.add(BlsSignature.fromBytes(part.signature().toArray()));
    }
    if (signatures.isEmpty()) {
      throw ApiException.notFound(
          "no attestation for attestation_data_root " + dataRoot + " in committee " + committee);
    }
    final int[] bits = covered.stream().mapToInt(positions::get).sorted().toArray();
    final Bits aggregationBits = Bits.of(members.length, bits);
    final Bytes signature = Bytes.of(Bls.aggregate(signatures).toBytes());
    final List<Integer> attesters = new ArrayList<>();
    for (final int position : bits) {
      attesters.add(members[position]);
    }
    builtAggregates.put(new VerifiedKey(List.copyOf(attesters), data, signature), slot);
    ledger.served();
    final Attestation attestation =
        electra
            ? new ElectraAttestation(
                aggregationBits,
                data,
                signature,
                Bits.of((int) chain.schedule().preset().maxCommitteesPerSlot(), (int) committee))
            : new Phase0Attestation(aggregationBits, data, signature);
    served.put(key, new Built(parts.size(), attestation));
    return attestation;
  }

  /** Forgets which aggregate-and-proofs verified (benchmarks measure fresh ones). */
  void forgetVerified() {
    verified.clear();
  }

  /**
   * Checks and records one submission.
   *
   * @param consensusVersion the Eth-Consensus-Version of the v2 form; empty for v1 (phase0 form)
   * @return the refused elements by position (empty when all were accepted)
   */
  List<PoolFailure> submit(final JsonNode items, final Optional<ForkName> consensusVersion) {
    ledger.received(items.size());
    final List<PoolFailure> failures = new ArrayList<>();
    final List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      try {
        candidates.add(check(i, items.get(i), consensusVersion));
      } catch (final Refused e) {
        failures.add(new PoolFailure(i, e.reason, e.getMessage()));
      }
    }
    final List<SignatureSet> all = new ArrayList<>();
    candidates.stream().filter(c -> !c.alreadyVerified()).forEach(c -> all.addAll(c.sets()));
    final boolean allValid = !all.isEmpty() && Bls.batchVerify(all);
    for (final Candidate candidate : candidates) {
      final String failed =
          candidate.alreadyVerified() || allValid ? null : firstInvalid(candidate);
      if (failed != null) {
        failures.add(
            new PoolFailure(
                candidate.index(),
                failed,
                failed.replace('_', ' ')
                    + " in the aggregate and proof of validator "
                    + candidate.signed().message().aggregatorIndex()
                    + " at slot "
                    + candidate.data().slot()));
      } else {
        record(candidate);
      }
    }
    failures.sort(Comparator.comparingInt(PoolFailure::index));
    failures.forEach(f -> ledger.rejected(f.reason()));
    prune();
    return List.copyOf(failures);
  }

  private static String firstInvalid(final Candidate candidate) {
    final String[] reasons = {
      RejectReason.INVALID_SELECTION_PROOF,
      RejectReason.INVALID_SIGNATURE,
      RejectReason.INVALID_AGGREGATE_SIGNATURE
    };
    for (int i = 0; i < candidate.sets().size(); i++) {
      final SignatureSet set = candidate.sets().get(i);
      if (!Bls.verify(set.publicKey(), set.message(), set.signature())) {
        return reasons[i];
      }
    }
    return null;
  }

  private void record(final Candidate candidate) {
    final AttestationData data = candidate.data();
    final long slot = data.slot();
    final long aggregator = candidate.signed().message().aggregatorIndex();
    final long epoch = data.target().epoch();
    final boolean includable =
        data.source().equals(chain.justified(epoch)) && data.target().equals(chain.boundary(epoch));
    if (!candidate.alreadyVerified()) {
      verified.put(candidate.signed(), slot);
      acceptedAggregates
          .computeIfAbsent(slot, s -> java.util.Collections.synchronizedList(new ArrayList<>()))
          .add(
              new VerifiedKey(
                  candidate.attesters(),
                  data,
                  candidate.signed().message().aggregate().signature()));
      ledger.selectionSeen(slot, aggregator, candidate.committeeIndex(), true);
    }
    ledger.accepted(
        slot,
        candidate.committeeIndex(),
        aggregator,
        candidate.attesters(),
        epoch,
        includable,
        candidate.alreadyVerified());
  }

  private void prune() {
    final long head = chain.headSlot();
    if (head == prunedAt) {
      return;
    }
    prunedAt = head;
    final long oldest = head - KEEP_SLOTS;
    if (oldest > 0) {
      acceptedAggregates.keySet().removeIf(slot -> slot < oldest);
      builtAggregates.values().removeIf(slot -> slot < oldest);
      served.keySet().removeIf(k -> k.slot() < oldest);
      verified.values().removeIf(slot -> slot < oldest);
    }
  }

  private Candidate check(
      final int index, final JsonNode item, final Optional<ForkName> consensusVersion) {
    final boolean electraForm =
        consensusVersion.map(f -> f.isAtLeast(ForkName.ELECTRA)).orElse(false);
    final SignedAggregateAndProof signed =
        parse(
            () ->
                (electraForm
                        ? schemas.electraSignedAggregateAndProof
                        : schemas.phase0SignedAggregateAndProof)
                    .fromJson(item));
    final AggregateAndProof message = signed.message();
    final Attestation aggregate = message.aggregate();
    final AttestationData data = aggregate.data();
    final ForkName fork = chain.forkAtSlot(data.slot());
    if (consensusVersion.isEmpty()
        ? fork.isAtLeast(ForkName.ELECTRA)
        : consensusVersion.get() != fork) {
      throw new Refused(
          RejectReason.WRONG_FORK,
          (consensusVersion.isEmpty()
                  ? "the v1 (phase0) form"
                  : "Eth-Consensus-Version " + consensusVersion.get().jsonName())
              + " does not fit slot "
              + data.slot()
              + " of fork "
              + fork.jsonName());
    }
    checkTiming(data);
    final long committeeIndex;
    if (aggregate instanceof ElectraAttestation electra) {
      final Bits committeeBits = electra.committeeBits();
      if (committeeBits.bitCount() != 1) {
        throw new Refused(
            RejectReason.BAD_COMMITTEE_BITS,
            "an aggregate needs exactly one committee bit, got " + committeeBits.bitCount());
      }
      int bit = 0;
      while (!committeeBits.get(bit)) {
        bit++;
      }
      committeeIndex = bit;
      if (data.index() != 0) {
        throw new Refused(
            RejectReason.MALFORMED, "data.index must be 0 from electra on, got " + data.index());
      }
    } else {
      committeeIndex = data.index();
    }
    final int[] committee =
        chain
            .committee(data.slot(), committeeIndex)
            .orElseThrow(
                () ->
                    new Refused(
                        RejectReason.UNKNOWN_COMMITTEE,
                        "committee "
                            + Long.toUnsignedString(committeeIndex)
                            + " does not exist at slot "
                            + data.slot()));
    final Bits bits = aggregate.aggregationBits();
    if (bits.size() != committee.length || bits.bitCount() == 0) {
      throw new Refused(
          RejectReason.BAD_AGGREGATION_BITS,
          "aggregation_bits has "
              + bits.size()
              + " bits ("
              + bits.bitCount()
              + " set) for committee "
              + committeeIndex
              + " of "
              + committee.length
              + " members at slot "
              + data.slot());
    }
    final List<Integer> attesters = new ArrayList<>();
    boolean aggregatorInCommittee = false;
    for (int i = 0; i < committee.length; i++) {
      aggregatorInCommittee |= committee[i] == message.aggregatorIndex();
      if (bits.get(i)) {
        attesters.add(committee[i]);
      }
    }
    if (!aggregatorInCommittee) {
      throw new Refused(
          RejectReason.AGGREGATOR_NOT_IN_COMMITTEE,
          "aggregator "
              + Long.toUnsignedString(message.aggregatorIndex())
              + " is not in committee "
              + committeeIndex
              + " at slot "
              + data.slot());
    }
    if (!Selection.isAggregator(committee.length, message.selectionProof())) {
      throw new Refused(
          RejectReason.NOT_SELECTED,
          "validator "
              + message.aggregatorIndex()
              + " is not an aggregator at slot "
              + data.slot()
              + ": is_aggregator is false for its selection proof (committee of "
              + committee.length
              + ")");
    }
    if (verified.containsKey(signed)) {
      return new Candidate(index, signed, committeeIndex, List.copyOf(attesters), List.of(), true);
    }
    final BlsSignature proof =
        signature(message.selectionProof(), RejectReason.INVALID_SELECTION_PROOF);
    final BlsPublicKey aggregatorKey =
        chain.validators().get((int) message.aggregatorIndex()).publicKey();
    final List<SignatureSet> sets = new ArrayList<>();
    sets.add(new SignatureSet(aggregatorKey, roots.selectionProof(data.slot()).toArray(), proof));
    sets.add(
        new SignatureSet(
            aggregatorKey,
            roots.aggregateAndProof(message).toArray(),
            signature(signed.signature(), RejectReason.INVALID_SIGNATURE)));
    final BlsSignature aggregateSignature =
        signature(aggregate.signature(), RejectReason.INVALID_AGGREGATE_SIGNATURE);
    if (!builtAggregates.containsKey(new VerifiedKey(attesters, data, aggregate.signature()))) {
      final List<BlsPublicKey> keys =
          attesters.stream().map(a -> chain.validators().get(a).publicKey()).toList();
      sets.add(
          new SignatureSet(
              keys.size() == 1 ? keys.get(0) : Bls.aggregatePublicKeys(keys),
              roots.attestation(data).toArray(),
              aggregateSignature));
    }
    return new Candidate(index, signed, committeeIndex, List.copyOf(attesters), sets, false);
  }

  private static BlsSignature signature(final Bytes bytes, final String reason) {
    final BlsSignature signature = BlsSignature.fromBytes(bytes.toArray());
    if (!signature.isValid()) {
      throw new Refused(reason, reason.replace('_', ' ') + ": not a G2 point");
    }
    return signature;
  }

  private void checkTiming(final AttestationData data) {
    final long head = chain.headSlot();
    if (data.slot() > head) {
      throw new Refused(
          RejectReason.FUTURE_SLOT,
          "slot "
              + Long.toUnsignedString(data.slot())
              + " is in the future (head slot "
              + head
              + ")");
    }
    final long epoch = chain.epochOf(data.slot());
    if (data.target().epoch() != epoch) {
      throw new Refused(
          RejectReason.BAD_TARGET,
          "target epoch "
              + Long.toUnsignedString(data.target().epoch())
              + " is not the epoch of slot "
              + data.slot());
    }
    if (epoch + 1 < chain.currentEpoch()) {
      throw new Refused(
          RejectReason.TOO_OLD, "target epoch " + epoch + " is older than the previous epoch");
    }
    final Optional<Long> blockSlot = chain.slotOfBlock(data.beaconBlockRoot());
    if (blockSlot.isEmpty() || blockSlot.get() > data.slot()) {
      throw new Refused(
          RejectReason.UNKNOWN_BLOCK,
          "beacon_block_root "
              + data.beaconBlockRoot()
              + " is not a known block at or before slot "
              + data.slot());
    }
  }

  private static <T> T parse(final java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (final SszException | IllegalArgumentException e) {
      throw new Refused(RejectReason.MALFORMED, "malformed aggregate and proof: " + e.getMessage());
    }
  }

  /** A refused element: reason code and message. */
  static final class Refused extends RuntimeException {
    final String reason;

    Refused(final String reason, final String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
