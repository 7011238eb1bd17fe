package io.dvc.beaconsim;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsSignature;
import io.dvc.spec.ForkName;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.ElectraAttestation;
import io.dvc.spec.types.Phase0Attestation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * The attestations a produced block carries: the pool's verified attestations of the slot before
 * it, aggregated per AttestationData (from Electra on across the slot's committees, with committee
 * bits; before, per committee), each validator at most once, up to MAX_ATTESTATIONS(_ELECTRA)
 * aggregates. The result is kept per slot while the pool has nothing new for that slot.
 */
final class BlockAttestations {
  private final SimChain chain;
  private final LongFunction<List<AttestationPool.VerifiedKey>> verifiedAt;
  private final Map<Long, Cached> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<Long, Cached> eldest) {
          return size() > 8;
        }
      };

  private record Cached(int sourceCount, List<Attestation> attestations) {}

  BlockAttestations(
      final SimChain chain, final LongFunction<List<AttestationPool.VerifiedKey>> verifiedAt) {
    this.chain = chain;
    this.verifiedAt = verifiedAt;
  }

  /** The aggregates for a block at {@code slot} (attestations of slot - 1). */
  synchronized List<Attestation> forBlockAt(final long slot) {
    if (slot == 0) {
      return List.of();
    }
    final List<AttestationPool.VerifiedKey> source = verifiedAt.apply(slot - 1);
    final Cached cached = cache.get(slot);
    if (cached != null && cached.sourceCount() == source.size()) {
      return cached.attestations();
    }
    final List<Attestation> built = aggregate(slot, source);
    cache.put(slot, new Cached(source.size(), built));
    return built;
  }

  private List<Attestation> aggregate(
      final long slot, final List<AttestationPool.VerifiedKey> source) {
    final ForkName fork = chain.forkAtSlot(slot);
    final boolean electra = fork.isAtLeast(ForkName.ELECTRA);
    final long limit =
        electra
            ? chain.schedule().preset().maxAttestationsElectra()
            : chain.schedule().preset().maxAttestations();
    final Map<AttestationData, List<AttestationPool.VerifiedKey>> byData = new LinkedHashMap<>();
    for (final AttestationPool.VerifiedKey key : source) {
      // an attestation of the other form (around a fork boundary) is left out
      if (chain.forkAtSlot(key.data().slot()).isAtLeast(ForkName.ELECTRA) == electra) {
        byData.computeIfAbsent(key.data(), d -> new ArrayList<>()).add(key);
      }
    }
    final List<Attestation> result = new ArrayList<>();
    for (final Map.Entry<AttestationData, List<AttestationPool.VerifiedKey>> entry :
        byData.entrySet()) {
      if (result.size() >= limit) {
        break;
      }
      final AttestationData data = entry.getKey();
      final long epoch = chain.epochOf(data.slot());
      // larger aggregates first; a validator already covered makes a set overlap: skipped
      final List<AttestationPool.VerifiedKey> sets = new ArrayList<>(entry.getValue());
      sets.sort(Comparator.comparingInt((AttestationPool.VerifiedKey k) -> -k.attesters().size()));
      final Set<Integer> covered = new HashSet<>();
      final List<BlsSignature> signatures = new ArrayList<>();
      final TreeMap<Integer, List<Integer>> positionsByCommittee = new TreeMap<>();
      final Map<Integer, Integer> committeeLengths = new TreeMap<>();
      for (final AttestationPool.VerifiedKey set : sets) {
        if (set.attesters().stream().anyMatch(covered::contains)) {
          continue;
        }
        covered.addAll(set.attesters());
        signatures.add(BlsSignature.fromBytes(set.signature().toArray()));
        for (final int attester : set.attesters()) {
          final CommitteeAssignment a = chain.assignment(epoch, attester);
          positionsByCommittee
              .computeIfAbsent(a.committeeIndex(), c -> new ArrayList<>())
              .add(a.validatorCommitteeIndex());
          committeeLengths.put(a.committeeIndex(), a.committeeLength());
        }
      }
      if (signatures.isEmpty()) {
        continue;
      }
      final Bytes signature = Bytes.of(Bls.aggregate(signatures).toBytes());
      if (electra) {
        result.add(electraAggregate(data, signature, positionsByCommittee, committeeLengths));
      } else {
        final int committee = positionsByCommittee.firstKey();
        result.add(
            new Phase0Attestation(
                Bits.of(
                    committeeLengths.get(committee),
                    positionsByCommittee.get(committee).stream().mapToInt(i -> i).toArray()),
                data,
                signature));
      }
    }
    return List.copyOf(result);
  }

  private ElectraAttestation electraAggregate(
      final AttestationData data,
      final Bytes signature,
      final TreeMap<Integer, List<Integer>> positionsByCommittee,
      final Map<Integer, Integer> committeeLengths) {
    int total = 0;
    for (final int committee : positionsByCommittee.keySet()) {
      total += committeeLengths.get(committee);
    }
    final List<Integer> bits = new ArrayList<>();
    int offset = 0;
    for (final Map.Entry<Integer, List<Integer>> entry : positionsByCommittee.entrySet()) {
      for (final int position : entry.getValue()) {
        bits.add(offset + position);
      }
      offset += committeeLengths.get(entry.getKey());
    }
    return new ElectraAttestation(
        Bits.of(total, bits.stream().mapToInt(i -> i).toArray()),
        data,
        signature,
        Bits.of(
            (int) chain.schedule().preset().maxCommitteesPerSlot(),
            positionsByCommittee.keySet().stream().mapToInt(i -> i).toArray()));
  }
}
