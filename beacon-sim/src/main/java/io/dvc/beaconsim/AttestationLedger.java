package io.dvc.beaconsim;

import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Checkpoint;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every attestation the simulator accepted or refused: counters, inclusion per validator and epoch,
 * and the detection of slashable pairs (is_slashable_attestation_data: a double vote or a surround
 * vote) per validator. Thread-safe.
 */
final class AttestationLedger {
  private static final Logger LOG = LoggerFactory.getLogger(AttestationLedger.class);
  private static final int MAX_EPOCHS_IN_SUMMARY = 1024;

  private final SimChain chain;
  private final Map<Integer, List<Vote>> votes = new HashMap<>();
  private final TreeMap<Long, BitSet> includedByEpoch = new TreeMap<>();
  private final Map<Integer, Long> lastIncludedSlot = new HashMap<>();
  private final Map<String, Long> rejectedByReason = new TreeMap<>();
  private final List<SlashablePair> slashable = new ArrayList<>();
  private long received;
  private long valid;
  private long invalid;
  private long invalidSignatures;
  private long duplicates;

  private record Vote(AttestationData data, Bytes root) {}

  AttestationLedger(final SimChain chain) {
    this.chain = chain;
  }

  synchronized void received(final int count) {
    received += count;
  }

  synchronized void rejected(final String reason) {
    invalid++;
    rejectedByReason.merge(reason, 1L, Long::sum);
    if (RejectReason.INVALID_SIGNATURE.equals(reason)) {
      invalidSignatures++;
    }
  }

  /**
   * Records a valid attestation of one validator; it counts as included when its source and target
   * are the chain's.
   *
   * @return the slashable pairs this attestation completes (also kept and logged)
   */
  synchronized List<SlashablePair> accepted(
      final int validatorIndex, final AttestationData data, final boolean includable) {
    valid++;
    final Bytes root = Schemas.MAINNET.attestationData.hashTreeRoot(data);
    final List<Vote> history = votes.computeIfAbsent(validatorIndex, i -> new ArrayList<>());
    for (final Vote vote : history) {
      if (vote.root.equals(root)) {
        duplicates++;
        return List.of();
      }
    }
    final List<SlashablePair> found = new ArrayList<>();
    for (final Vote vote : history) {
      final String kind = slashableKind(vote.data, data);
      if (kind != null) {
        final SlashablePair pair =
            new SlashablePair(
                kind,
                validatorIndex,
                chain.validators().get(validatorIndex).publicKey().toHex(),
                vote.data,
                data,
                chain.headSlot());
        found.add(pair);
        LOG.warn(
            "SLASHABLE {} by validator {}: first (source {}, target {}, root {}) second (source {},"
                + " target {}, root {})",
            kind,
            validatorIndex,
            vote.data.source().epoch(),
            vote.data.target().epoch(),
            vote.data.beaconBlockRoot(),
            data.source().epoch(),
            data.target().epoch(),
            data.beaconBlockRoot());
      }
    }
    slashable.addAll(found);
    history.add(new Vote(data, root));
    if (includable) {
      includedByEpoch.computeIfAbsent(data.target().epoch(), e -> new BitSet()).set(validatorIndex);
      lastIncludedSlot.merge(validatorIndex, data.slot(), Math::max);
    }
    return List.copyOf(found);
  }

  /** is_slashable_attestation_data, naming the kind; null when the pair is not slashable. */
  static String slashableKind(final AttestationData first, final AttestationData second) {
    if (first.equals(second)) {
      return null;
    }
    final long s1 = first.source().epoch();
    final long t1 = first.target().epoch();
    final long s2 = second.source().epoch();
    final long t2 = second.target().epoch();
    if (t1 == t2) {
      return SlashablePair.DOUBLE_VOTE;
    }
    if ((s1 < s2 && t2 < t1) || (s2 < s1 && t1 < t2)) {
      return SlashablePair.SURROUND_VOTE;
    }
    return null;
  }

  synchronized int clusterIncluded(final long epoch) {
    final BitSet bits = includedByEpoch.get(epoch);
    if (bits == null) {
      return 0;
    }
    final int clusterSize = clusterSize();
    return bits.get(0, clusterSize).cardinality();
  }

  synchronized int slashableCount() {
    return slashable.size();
  }

  private int clusterSize() {
    int count = 0;
    for (final SimValidator v : chain.validators()) {
      if (v.cluster()) {
        count++;
      }
    }
    return count;
  }

  /**
   * Re-checks the inclusion of an epoch's attestations after a published block changed the epoch's
   * boundary block: one made before, with the old target root, no longer counts.
   */
  synchronized void revalidateInclusion(final long epoch) {
    final BitSet bits = includedByEpoch.get(epoch);
    if (bits == null) {
      return;
    }
    final Checkpoint target = chain.boundary(epoch);
    final Checkpoint source = chain.justified(epoch);
    for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
      boolean matches = false;
      for (final Vote vote : votes.getOrDefault(i, List.of())) {
        matches |=
            vote.data.target().epoch() == epoch
                && vote.data.target().equals(target)
                && vote.data.source().equals(source);
      }
      if (!matches) {
        bits.clear(i);
      }
    }
  }

  synchronized SimSummary summary(
      final ProposalSummary proposals,
      final com.fasterxml.jackson.databind.node.ObjectNode aggregation,
      final com.fasterxml.jackson.databind.node.ObjectNode syncCommittee) {
    final long head = chain.headSlot();
    final long currentEpoch = chain.epochOf(head);
    final int clusterSize = clusterSize();
    final List<SimSummary.EpochInclusion> epochs = new ArrayList<>();
    for (long e = Math.max(0, currentEpoch - MAX_EPOCHS_IN_SUMMARY + 1); e <= currentEpoch; e++) {
      final BitSet bits = includedByEpoch.getOrDefault(e, new BitSet());
      epochs.add(
          new SimSummary.EpochInclusion(
              e, bits.get(0, clusterSize).cardinality(), clusterSize, bits.cardinality()));
    }
    final List<SimSummary.ValidatorInclusion> validators = new ArrayList<>();
    for (int i = 0; i < clusterSize; i++) {
      final TreeSet<Long> included = new TreeSet<>();
      for (final Map.Entry<Long, BitSet> entry : includedByEpoch.entrySet()) {
        if (entry.getValue().get(i)) {
          included.add(entry.getKey());
        }
      }
      final Long last = lastIncludedSlot.get(i);
      validators.add(
          new SimSummary.ValidatorInclusion(
              i,
              chain.validators().get(i).publicKey().toHex(),
              last == null ? OptionalLong.empty() : OptionalLong.of(last),
              List.copyOf(included)));
    }
    return new SimSummary(
        head,
        currentEpoch,
        chain.forkAtSlot(head).jsonName(),
        chain.schedule().preset().name(),
        clusterSize,
        chain.validators().size(),
        received,
        valid,
        invalid,
        invalidSignatures,
        duplicates,
        rejectedByReason,
        epochs,
        slashable,
        validators,
        proposals,
        aggregation,
        syncCommittee);
  }
}
