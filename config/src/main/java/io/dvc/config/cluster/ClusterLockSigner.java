package io.dvc.config.cluster;

import io.dvc.config.ClusterConfigException;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.spec.ssz.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Adds an operator's secp256k1 signature over the lock hash to a lock. */
public final class ClusterLockSigner {
  private ClusterLockSigner() {}

  /**
   * The lock with {@code identityKey}'s signature in its operator's slot.
   *
   * @throws ClusterConfigException when the key's peer id is not an operator of the lock
   */
  public static ClusterLock sign(
      final ClusterLock lock, final NodeKey identityKey, final String file) {
    final int index =
        lock.shareIndexOf(identityKey.peerId())
            .orElseThrow(
                () ->
                    new ClusterConfigException(
                        file,
                        "$.definition.operators",
                        "peer id " + identityKey.peerId() + " is not an operator of this lock"));
    final List<Optional<Bytes>> signatures = new ArrayList<>(lock.operatorSignatures());
    while (signatures.size() < lock.definition().operatorCount()) {
      signatures.add(Optional.empty());
    }
    signatures.set(index - 1, Optional.of(Bytes.of(identityKey.sign(lock.lockHash().toArray()))));
    return new ClusterLock(
        lock.version(),
        lock.definition(),
        lock.validators(),
        lock.lockHash(),
        signatures,
        lock.aggregateSignature(),
        lock.predecessorLockHash());
  }
}
