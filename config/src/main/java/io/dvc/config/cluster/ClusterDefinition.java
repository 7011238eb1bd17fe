package io.dvc.config.cluster;

import io.dvc.config.Network;
import io.dvc.config.WithdrawalType;
import io.dvc.spec.ssz.Bytes;
import java.util.List;

/**
 * What a cluster is meant to be (cluster-definition.json): operators in share-index order (operator
 * i holds share index i, 1-based), threshold t, number of validators and their deposit terms.
 */
public record ClusterDefinition(
    String version,
    String name,
    Network network,
    List<Operator> operators,
    int threshold,
    int numValidators,
    Bytes withdrawalAddress,
    WithdrawalType withdrawalType,
    Bytes feeRecipient,
    long depositAmountGwei) {
  public static final String VERSION = "dvc/cluster-definition/v1";

  public ClusterDefinition {
    operators = List.copyOf(operators);
  }

  /** n, the number of operators (and of shares per validator). */
  public int operatorCount() {
    return operators.size();
  }

  /** The 32-byte withdrawal_credentials every validator of the cluster deposits with. */
  public Bytes withdrawalCredentials() {
    return Bytes.of(withdrawalType.credentials(withdrawalAddress.toArray()));
  }

  /** The recommended threshold ceil(2n/3). */
  public static int defaultThreshold(final int operatorCount) {
    return (2 * operatorCount + 2) / 3;
  }
}
