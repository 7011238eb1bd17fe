package io.dvc.node.monitor;

import java.util.List;

/** What the chain shows of the cluster's duties in one epoch. */
public record EpochObservation(
    long epoch, List<AttestationCheck> attestations, List<ProposalCheck> proposals) {
  public EpochObservation {
    attestations = List.copyOf(attestations);
    proposals = List.copyOf(proposals);
  }
}
