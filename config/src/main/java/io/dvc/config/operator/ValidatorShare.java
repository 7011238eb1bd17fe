package io.dvc.config.operator;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.threshold.SecretShare;

/**
 * This operator's share of one distributed validator: the validator's position in the lock, its
 * distributed public key and the secret share (share index = this operator's position, 1-based).
 */
public record ValidatorShare(
    int validatorIndex, BlsPublicKey distributedPublicKey, SecretShare secretShare) {

  public int shareIndex() {
    return secretShare.index();
  }

  public void destroy() {
    secretShare.destroy();
  }

  @Override
  public String toString() {
    return "ValidatorShare["
        + validatorIndex
        + ", "
        + distributedPublicKey
        + ", index "
        + shareIndex()
        + "]";
  }
}
