package io.dvc.node.monitor;

import java.util.List;
import java.util.Optional;

/**
 * What the chain shows of the cluster's duties in one epoch.
 *
 * @param syncCommittee the sync committee messages carried (or not) by the epoch's blocks, in slot
 *     order; empty when no cluster validator sits in the committee; absent when they could not be
 *     read
 */
public record EpochObservation(
    long epoch,
    List<AttestationCheck> attestations,
    List<ProposalCheck> proposals,
    Optional<List<SyncCheck>> syncCommittee) {
  public EpochObservation {
    attestations = List.copyOf(attestations);
    proposals = List.copyOf(proposals);
    syncCommittee = syncCommittee.map(List::copyOf);
  }

  /** Without sync committee checks (none read). */
  public EpochObservation(
      final long epoch,
      final List<AttestationCheck> attestations,
      final List<ProposalCheck> proposals) {
    this(epoch, attestations, proposals, Optional.empty());
  }
}
