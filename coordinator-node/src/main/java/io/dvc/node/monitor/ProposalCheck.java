package io.dvc.node.monitor;

/** A proposer duty of a cluster validator and whether the chain holds its block at that slot. */
public record ProposalCheck(long slot, long validatorIndex, boolean included) {}
