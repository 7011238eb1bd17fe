package io.dvc.config.cluster;

import io.dvc.bls.BlsPublicKey;
import io.dvc.spec.types.DepositData;
import java.util.List;

/**
 * One validator of a lock: its distributed (group) public key, the public share of every operator
 * (index 0 holds share index 1), the t Feldman commitments g1^a_k of its share polynomial, and its
 * signed deposit.
 */
public record DistributedValidator(
    BlsPublicKey distributedPublicKey,
    List<BlsPublicKey> publicShares,
    List<BlsPublicKey> feldmanCommitments,
    DepositData depositData) {
  public DistributedValidator {
    publicShares = List.copyOf(publicShares);
    feldmanCommitments = List.copyOf(feldmanCommitments);
  }

  /** The public share of share index {@code shareIndex} (1..n). */
  public BlsPublicKey publicShare(final int shareIndex) {
    return publicShares.get(shareIndex - 1);
  }
}
