package io.dvc.node.duties.registration;

import io.dvc.spec.ssz.Bytes;

/**
 * What the cluster registers with builders for each validator; the same on every node (the fee
 * recipient from the lock, the gas limit from the node configuration).
 */
public record RegistrationConfig(Bytes feeRecipient, long gasLimit) {
  /**
   * The registration timestamp is the start of the current period of this many epochs (about 27
   * hours on mainnet): every node derives the same one without talking to the others.
   */
  public static final long PERIOD_EPOCHS = 256;

  public RegistrationConfig {
    if (feeRecipient.size() != 20) {
      throw new IllegalArgumentException("fee recipient must be 20 bytes");
    }
    if (gasLimit <= 0) {
      throw new IllegalArgumentException("gas limit must be positive");
    }
  }
}
