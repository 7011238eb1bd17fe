package io.dvc.config.operator;

import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.Operator;
import io.dvc.p2p.crypto.NodeKey;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a node needs from its operator directory: the verified lock, this operator's share
 * index (its 1-based position in the lock), its identity key and its decrypted validator shares (in
 * lock order). {@link #destroy()} zeroes every secret.
 */
public record OperatorBundle(
    Path directory,
    ClusterLock lock,
    int shareIndex,
    NodeKey identityKey,
    List<ValidatorShare> shares,
    List<String> warnings) {
  public OperatorBundle {
    shares = List.copyOf(shares);
    warnings = List.copyOf(warnings);
  }

  public Operator operator() {
    return lock.definition().operators().get(shareIndex - 1);
  }

  public void destroy() {
    identityKey.destroy();
    shares.forEach(ValidatorShare::destroy);
  }

  @Override
  public String toString() {
    return "OperatorBundle["
        + directory
        + ", share index "
        + shareIndex
        + ", "
        + shares.size()
        + " shares]";
  }
}
