package io.dvc.node.cluster;

import java.util.List;

/**
 * How the cluster lock names a cluster and its operators, for status and diagnostics: the lock hash
 * (0x-hex) and the operator names in share-index order.
 */
public record ClusterIdentity(String lockHash, List<String> operatorNames) {
  public ClusterIdentity {
    operatorNames = List.copyOf(operatorNames);
  }

  /** For clusters made without a lock (tests, rehearsal): a zero hash, names operator-i. */
  public static ClusterIdentity unnamed(final ClusterRuntime cluster) {
    return new ClusterIdentity(
        "0x" + "00".repeat(32),
        cluster.operators().stream().map(op -> "operator-" + op.index()).toList());
  }

  /** The name of operator {@code index} (1-based). */
  public String nameOf(final int index) {
    return index >= 1 && index <= operatorNames.size()
        ? operatorNames.get(index - 1)
        : "operator-" + index;
  }
}
