package io.dvc.node.beacon;

import io.dvc.common.bytes.Hex;

/**
 * A head event ({@code /eth/v1/events?topics=head}): the new head and the dependent roots that
 * attester and proposer duties are computed from.
 */
public record HeadEvent(
    long slot, byte[] block, byte[] previousDutyDependentRoot, byte[] currentDutyDependentRoot) {
  public HeadEvent {
    block = block.clone();
    previousDutyDependentRoot = previousDutyDependentRoot.clone();
    currentDutyDependentRoot = currentDutyDependentRoot.clone();
  }

  @Override
  public String toString() {
    return "HeadEvent[slot=" + slot + ", block=" + Hex.encode(block) + "]";
  }
}
