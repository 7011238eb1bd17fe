package io.dvc.node.parsig;

import io.dvc.bls.BlsSignature;
import java.util.Map;

/** t partial signatures of one validator (and part) that agree on the signing root. */
public record ReadyToCombine(
    long slot,
    int dutyType,
    long validatorIndex,
    int part,
    byte[] signingRoot,
    Map<Integer, BlsSignature> partials) {
  public ReadyToCombine {
    partials = Map.copyOf(partials);
  }
}
