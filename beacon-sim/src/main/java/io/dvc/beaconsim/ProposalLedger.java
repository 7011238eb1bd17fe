package io.dvc.beaconsim;

import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.BeaconBlockHeader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every block produced and published: counters, the fee recipients validators prepared, and the
 * detection of double proposals (two correctly signed blocks of one proposer for one slot with
 * different roots). Thread-safe.
 */
final class ProposalLedger {
  private static final Logger LOG = LoggerFactory.getLogger(ProposalLedger.class);
  private static final int MAX_DUTIES_IN_SUMMARY = 32 * 1024;

  private final SimChain chain;
  private final Map<Integer, Bytes> feeRecipients = new HashMap<>();
  private final Map<Long, List<Signed>> signedBySlot = new HashMap<>();
  private final Set<Bytes> blindedRoots = new HashSet<>();
  private final Map<String, Long> rejectedByReason = new TreeMap<>();
  private final List<SlashableProposal> slashable = new ArrayList<>();
  private long produced;
  private long producedBlinded;
  private long published;
  private long imported;
  private long notImported;
  private long invalid;
  private long invalidSignatures;
  private long invalidRandao;

  private record Signed(int proposer, BeaconBlockHeader header, Bytes root) {}

  ProposalLedger(final SimChain chain) {
    this.chain = chain;
  }

  synchronized void prepare(final int validatorIndex, final Bytes feeRecipient) {
    feeRecipients.put(validatorIndex, feeRecipient);
  }

  /** The fee recipient a validator prepared, if any. */
  synchronized Optional<Bytes> feeRecipient(final int validatorIndex) {
    return Optional.ofNullable(feeRecipients.get(validatorIndex));
  }

  synchronized void produced(final boolean blinded) {
    produced++;
    if (blinded) {
      producedBlinded++;
    }
  }

  synchronized void publishRequested() {
    published++;
  }

  synchronized void rejected(final String reason) {
    invalid++;
    rejectedByReason.merge(reason, 1L, Long::sum);
    if (BlockRejectReason.INVALID_SIGNATURE.equals(reason)) {
      invalidSignatures++;
    } else if (BlockRejectReason.INVALID_RANDAO.equals(reason)) {
      invalidRandao++;
    }
  }

  synchronized void imported(final Bytes root, final boolean blinded) {
    imported++;
    if (blinded) {
      blindedRoots.add(root);
    }
  }

  synchronized void notImported() {
    notImported++;
  }

  /**
   * Records a correctly signed block of a proposer.
   *
   * @return the double proposal it completes with an earlier block of the same proposer and slot
   */
  synchronized Optional<SlashableProposal> signed(
      final int proposer, final BeaconBlockHeader header, final Bytes root) {
    final List<Signed> seen = signedBySlot.computeIfAbsent(header.slot(), s -> new ArrayList<>());
    SlashableProposal found = null;
    for (final Signed earlier : seen) {
      if (earlier.proposer() == proposer && earlier.root().equals(root)) {
        return Optional.empty();
      }
      if (earlier.proposer() == proposer && found == null) {
        found =
            new SlashableProposal(
                proposer,
                chain.validators().get(proposer).publicKey().toHex(),
                header.slot(),
                earlier.header(),
                earlier.root(),
                header,
                root,
                chain.headSlot());
      }
    }
    seen.add(new Signed(proposer, header, root));
    if (found != null) {
      slashable.add(found);
      LOG.warn(
          "SLASHABLE double proposal by validator {} at slot {}: {} and {}",
          proposer,
          header.slot(),
          found.firstRoot(),
          root);
    }
    return Optional.ofNullable(found);
  }

  synchronized int slashableCount() {
    return slashable.size();
  }

  synchronized ProposalSummary summary() {
    // a duty counts once its slot is over: the current slot's block may still come
    final long current = chain.headSlot();
    final Map<Long, Integer> duties =
        new TreeMap<>(chain.clusterProposerDuties()).headMap(current, false);
    final List<ProposalSummary.Duty> list = new ArrayList<>();
    long included = 0;
    for (final Map.Entry<Long, Integer> duty : duties.entrySet()) {
      final Optional<BeaconBlockHeader> block = chain.blockAt(duty.getKey());
      final boolean ours =
          block.isPresent() && block.get().proposerIndex() == duty.getValue().longValue();
      final Optional<Bytes> root =
          ours ? Optional.of(chain.blockRoot(duty.getKey())) : Optional.empty();
      if (ours) {
        included++;
      }
      list.add(
          new ProposalSummary.Duty(
              duty.getKey(),
              duty.getValue(),
              ours,
              root.map(Bytes::toHex),
              root.map(blindedRoots::contains).orElse(false)));
    }
    final List<ProposalSummary.Duty> recent =
        list.size() > MAX_DUTIES_IN_SUMMARY
            ? list.subList(list.size() - MAX_DUTIES_IN_SUMMARY, list.size())
            : list;
    return new ProposalSummary(
        duties.size(),
        included,
        produced,
        producedBlinded,
        published,
        imported,
        notImported,
        invalid,
        invalidSignatures,
        invalidRandao,
        rejectedByReason,
        feeRecipients.size(),
        recent,
        slashable);
  }
}
