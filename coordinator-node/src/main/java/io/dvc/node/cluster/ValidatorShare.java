package io.dvc.node.cluster;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import java.util.Map;

/**
 * One distributed validator as this operator sees it: the validator's public key, every operator's
 * public share (by share index) and this operator's secret share.
 */
public record ValidatorShare(
    BlsPublicKey groupPublicKey,
    Map<Integer, BlsPublicKey> publicShares,
    BlsSecretKey secretShare) {
  public ValidatorShare {
    publicShares = Map.copyOf(publicShares);
  }

  @Override
  public String toString() {
    return "ValidatorShare[" + groupPublicKey + "]";
  }
}
