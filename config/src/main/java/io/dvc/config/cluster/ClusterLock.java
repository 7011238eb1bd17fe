package io.dvc.config.cluster;

import io.dvc.bls.BlsSignature;
import io.dvc.spec.ssz.Bytes;
import java.util.List;
import java.util.Optional;

/**
 * A cluster as created (cluster-lock.json): the definition, the distributed validators, the lock
 * hash (SSZ hash_tree_root of version, definition and validators; see {@link LockHashCalculator}),
 * one secp256k1 signature per operator over the lock hash (empty while that operator has not
 * signed) and the aggregate BLS signature over the lock hash by every share of every validator.
 */
public record ClusterLock(
    String version,
    ClusterDefinition definition,
    List<DistributedValidator> validators,
    Bytes lockHash,
    List<Optional<Bytes>> operatorSignatures,
    BlsSignature aggregateSignature) {
  public static final String VERSION = "dvc/cluster-lock/v1";

  public ClusterLock {
    validators = List.copyOf(validators);
    operatorSignatures = List.copyOf(operatorSignatures);
  }

  /** The operator position (1-based share index) of a peer, if it is in the lock. */
  public Optional<Integer> shareIndexOf(final io.dvc.p2p.PeerId peerId) {
    final var operators = definition.operators();
    for (int i = 0; i < operators.size(); i++) {
      if (operators.get(i).peerId().equals(peerId)) {
        return Optional.of(i + 1);
      }
    }
    return Optional.empty();
  }
}
