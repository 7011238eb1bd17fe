package io.dvc.node.testing;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsSignature;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.Selection;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AggregateAndProof;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.ContributionAndProof;
import io.dvc.spec.types.ElectraAttestation;
import io.dvc.spec.types.Phase0Attestation;
import io.dvc.spec.types.SignedAggregateAndProof;
import io.dvc.spec.types.SignedContributionAndProof;
import io.dvc.spec.types.SyncAggregatorSelectionData;
import io.dvc.spec.types.SyncCommitteeContribution;
import io.dvc.spec.types.SyncCommitteeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The aggregation side of the fake chain: attestation committees and an aggregation pool of what
 * was submitted, sync committees per period (even validators in even periods, odd in odd ones) and
 * a pool of sync-committee messages, and a ledger of published aggregates and contributions with
 * every signature checked (the selection proof, whether it selects, and the outer signature).
 */
public final class FakeAggregation {
  private final FakeChain chain;
  private final SigningRoots roots;
  private final long slotsPerEpoch;
  private volatile long committeeLength = 64;
  private volatile boolean syncCommittees = true;

  private record Vote(long validator, AttestationData data, Bytes signature) {}

  private final Map<Long, Map<Long, List<Vote>>> votes = new HashMap<>();
  private final Map<Long, List<SyncCommitteeMessage>> syncMessages = new HashMap<>();
  private final Set<String> published = new HashSet<>();

  FakeAggregation(final FakeChain chain) {
    this.chain = chain;
    this.roots = chain.signingRoots();
    this.slotsPerEpoch = chain.schedule().slotsPerEpoch();
  }

  /** Committee lengths below 32 make every attester an aggregator (modulo 1). */
  public void setCommitteeLength(final long value) {
    committeeLength = value;
  }

  public long committeeLength() {
    return committeeLength;
  }

  /** No validator of the cluster sits in a sync committee (tests of other duties run faster). */
  public void withoutSyncCommittees() {
    syncCommittees = false;
  }

  /** Validator v attests in committee {@code (v / SLOTS_PER_EPOCH) mod 4} of its slot. */
  public long committeeOf(final long validator) {
    return (validator / slotsPerEpoch) % 4;
  }

  /** Its position in that committee. */
  public long positionOf(final long validator) {
    return validator / (slotsPerEpoch * 4);
  }

  synchronized void attested(
      final long committee, final long validator, final AttestationData data, final Bytes sig) {
    final List<Vote> committeeVotes =
        votes
            .computeIfAbsent(data.slot(), s -> new HashMap<>())
            .computeIfAbsent(committee, c -> new ArrayList<>());
    if (committeeVotes.stream()
        .noneMatch(v -> v.validator() == validator && v.data().equals(data))) {
      committeeVotes.add(new Vote(validator, data, sig)); // every operator submits it: keep one
    }
  }

  /** The aggregate of what was submitted for the committee and data root, in the fork's form. */
  synchronized Optional<Attestation> aggregate(
      final long slot, final long committee, final Bytes dataRoot, final ForkName fork) {
    final List<Vote> matching = new ArrayList<>();
    for (final Vote vote : votes.getOrDefault(slot, Map.of()).getOrDefault(committee, List.of())) {
      final AttestationData data =
          fork.isAtLeast(ForkName.ELECTRA) ? vote.data() : withIndex(vote.data(), committee);
      if (chain.schedule().schemas().attestationData.hashTreeRoot(data).equals(dataRoot)) {
        matching.add(vote);
      }
    }
    if (matching.isEmpty()) {
      return Optional.empty();
    }
    final int[] bits = matching.stream().mapToInt(v -> (int) positionOf(v.validator())).toArray();
    final Bytes signature =
        Bytes.of(
            Bls.aggregate(
                    matching.stream()
                        .map(v -> BlsSignature.fromBytes(v.signature().toArray()))
                        .toList())
                .toBytes());
    final AttestationData data = matching.get(0).data();
    return Optional.of(
        fork.isAtLeast(ForkName.ELECTRA)
            ? new ElectraAttestation(
                Bits.of((int) committeeLength, bits),
                data,
                signature,
                Bits.of((int) chain.schedule().preset().maxCommitteesPerSlot(), (int) committee))
            : new Phase0Attestation(
                Bits.of((int) committeeLength, bits), withIndex(data, committee), signature));
  }

  /** Checks a published aggregate: selection proof, selection, signature, data; false if bad. */
  synchronized boolean publishAggregate(final SignedAggregateAndProof signed) {
    final AggregateAndProof message = signed.message();
    final long aggregator = message.aggregatorIndex();
    final AttestationData data = message.aggregate().data();
    final Bytes proofRoot = roots.selectionProof(data.slot());
    if (!chain.validSignature(aggregator, proofRoot, message.selectionProof())
        || !Selection.isAggregator(committeeLength, message.selectionProof().toArray())
        || !chain.validSignature(aggregator, roots.aggregateAndProof(message), signed.signature())
        || !data.beaconBlockRoot().equals(chain.attestationData(data.slot()).beaconBlockRoot())) {
      chain.count("invalid_aggregates");
      return false;
    }
    if (!published.add("aggregate " + data.slot() + " " + aggregator)) {
      chain.count("repeated_aggregates");
    }
    chain.count("aggregates");
    return true;
  }

  /** The sync committee of a period: position i → the i-th member of that period's parity. */
  public List<Long> syncCommittee(final long period) {
    final int n = syncCommittees ? chain.validators().size() : 0;
    final List<Long> members = new ArrayList<>();
    for (long v = period % 2; v < n; v += 2) {
      members.add(v);
    }
    if (members.isEmpty()) {
      members.add((long) chain.validators().size()); // a validator outside the cluster
    }
    final Preset preset = chain.schedule().preset();
    final List<Long> committee = new ArrayList<>();
    for (int i = 0; i < preset.syncCommitteeSize(); i++) {
      committee.add(members.get(i % members.size()));
    }
    return committee;
  }

  /** The committee signing at a slot: the period of the next slot's epoch. */
  public List<Long> syncCommitteeAt(final long slot) {
    return syncCommittee(chain.schedule().preset().syncCommitteePeriod((slot + 1) / slotsPerEpoch));
  }

  synchronized boolean syncMessage(final SyncCommitteeMessage message) {
    if (!syncCommitteeAt(message.slot()).contains(message.validatorIndex())
        || !chain.validSignature(
            message.validatorIndex(),
            roots.syncCommitteeMessage(message.slot(), message.beaconBlockRoot()),
            message.signature())
        || !message
            .beaconBlockRoot()
            .equals(chain.attestationData(message.slot()).beaconBlockRoot())) {
      chain.count("invalid_sync_messages");
      return false;
    }
    if (!published.add("sync " + message.slot() + " " + message.validatorIndex())) {
      chain.count("repeated_sync_messages");
    }
    chain.count("sync_messages");
    final List<SyncCommitteeMessage> atSlot =
        syncMessages.computeIfAbsent(message.slot(), s -> new ArrayList<>());
    if (atSlot.stream().noneMatch(m -> m.validatorIndex() == message.validatorIndex())) {
      atSlot.add(message); // every operator submits it: keep one
    }
    return true;
  }

  /** Validators whose sync-committee message of the slot was accepted. */
  public synchronized Set<Long> syncSigners(final long slot) {
    final Set<Long> signers = new HashSet<>();
    syncMessages.getOrDefault(slot, List.of()).forEach(m -> signers.add(m.validatorIndex()));
    return signers;
  }

  synchronized Optional<SyncCommitteeContribution> contribution(
      final long slot, final long subcommittee, final Bytes root) {
    final long size = chain.schedule().preset().syncSubcommitteeSize();
    final List<Long> committee = syncCommitteeAt(slot);
    final TreeMap<Integer, BlsSignature> bits = new TreeMap<>();
    for (final SyncCommitteeMessage m : syncMessages.getOrDefault(slot, List.of())) {
      if (!m.beaconBlockRoot().equals(root)) {
        continue;
      }
      for (int i = (int) (subcommittee * size); i < (subcommittee + 1) * size; i++) {
        if (committee.get(i) == m.validatorIndex()) {
          bits.put(
              i - (int) (subcommittee * size), BlsSignature.fromBytes(m.signature().toArray()));
        }
      }
    }
    if (bits.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new SyncCommitteeContribution(
            slot,
            root,
            subcommittee,
            Bits.of((int) size, bits.keySet().stream().mapToInt(Integer::intValue).toArray()),
            Bytes.of(Bls.aggregate(List.copyOf(bits.values())).toBytes())));
  }

  /** Checks a published contribution: membership, selection proof, selection, signature. */
  synchronized boolean publishContribution(final SignedContributionAndProof signed) {
    final ContributionAndProof message = signed.message();
    final SyncCommitteeContribution c = message.contribution();
    final long aggregator = message.aggregatorIndex();
    final long size = chain.schedule().preset().syncSubcommitteeSize();
    final List<Long> committee = syncCommitteeAt(c.slot());
    final boolean member =
        committee
            .subList(
                (int) (c.subcommitteeIndex() * size), (int) ((c.subcommitteeIndex() + 1) * size))
            .contains(aggregator);
    final Bytes proofRoot =
        roots.syncSelectionProof(new SyncAggregatorSelectionData(c.slot(), c.subcommitteeIndex()));
    if (!member
        || !chain.validSignature(aggregator, proofRoot, message.selectionProof())
        || !Selection.isSyncCommitteeAggregator(
            chain.schedule().preset(), message.selectionProof().toArray())
        || !chain.validSignature(
            aggregator, roots.contributionAndProof(message), signed.signature())
        || !c.beaconBlockRoot().equals(chain.attestationData(c.slot()).beaconBlockRoot())) {
      chain.count("invalid_contributions");
      return false;
    }
    if (!published.add(
        "contribution " + c.slot() + " " + c.subcommitteeIndex() + " " + aggregator)) {
      chain.count("repeated_contributions");
    }
    chain.count("contributions");
    return true;
  }

  /** Published (slot, subcommittee, aggregator) contributions and (slot, aggregator) aggregates. */
  public synchronized boolean published(final String what) {
    return published.contains(what);
  }

  private static AttestationData withIndex(final AttestationData data, final long index) {
    return new AttestationData(
        data.slot(), index, data.beaconBlockRoot(), data.source(), data.target());
  }
}
