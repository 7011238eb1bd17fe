package io.dvc.node.parsig;

import java.util.List;

/**
 * All partial signatures one operator made for one duty kind at one slot: the one message each node
 * sends to every peer per (slot, duty kind).
 */
public record PartialSignatureSet(
    long slot, int dutyType, int operatorIndex, List<PartialSignature> partials) {
  public PartialSignatureSet {
    partials = List.copyOf(partials);
  }
}
