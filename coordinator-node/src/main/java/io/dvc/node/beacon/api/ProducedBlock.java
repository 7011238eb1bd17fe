package io.dvc.node.beacon.api;

import java.math.BigInteger;

/**
 * A beacon node's block for a proposal and what it says the block is worth (wei): the execution
 * payload value and the consensus reward. Older nodes report no values (zero).
 */
public record ProducedBlock(
    ProposalBlock block, BigInteger executionValue, BigInteger consensusValue) {
  /** What the "best" choice among beacon nodes compares. */
  public BigInteger totalValue() {
    return executionValue.add(consensusValue);
  }
}
