package io.dvc.config.cluster;

import io.dvc.bls.BlsSignature;
import io.dvc.spec.ssz.Bytes;
import java.util.List;
import java.util.Optional;

/**
 * A cluster as created (cluster-lock.json): the definition, the distributed validators, the lock
 * hash (SSZ hash_tree_root of version, definition, validators and, for a reshared cluster, the
 * predecessor's lock hash; see {@link LockHashCalculator}), one secp256k1 signature per operator
 * over the lock hash (empty while that operator has not signed) and the aggregate BLS signature
 * over the lock hash by every share of every validator.
 *
 * <p>A lock made by a key ceremony (dealer or DKG) has version {@link #VERSION} and no predecessor.
 * A lock made by resharing has version {@link #VERSION_WITH_PREDECESSOR} and names the lock it
 * replaces in {@code predecessorLockHash}, inside the hashed and signed content: the two locks have
 * different hashes, and the link cannot be removed or changed without breaking every signature.
 */
public record ClusterLock(
    String version,
    ClusterDefinition definition,
    List<DistributedValidator> validators,
    Bytes lockHash,
    List<Optional<Bytes>> operatorSignatures,
    BlsSignature aggregateSignature,
    Optional<Bytes> predecessorLockHash) {
  public static final String VERSION = "dvc/cluster-lock/v1";

  /** The version of a reshared lock: {@link #VERSION} plus {@code predecessor_lock_hash}. */
  public static final String VERSION_WITH_PREDECESSOR = "dvc/cluster-lock/v2";

  public ClusterLock {
    validators = List.copyOf(validators);
    operatorSignatures = List.copyOf(operatorSignatures);
    if (!version.equals(versionFor(predecessorLockHash))) {
      throw new IllegalArgumentException(
          "a "
              + version
              + " lock "
              + (predecessorLockHash.isPresent() ? "has no" : "needs a")
              + " predecessor lock hash");
    }
    predecessorLockHash.ifPresent(ClusterLock::requireLockHash);
  }

  /** A lock without predecessor (version {@link #VERSION}). */
  public ClusterLock(
      final String version,
      final ClusterDefinition definition,
      final List<DistributedValidator> validators,
      final Bytes lockHash,
      final List<Optional<Bytes>> operatorSignatures,
      final BlsSignature aggregateSignature) {
    this(
        version,
        definition,
        validators,
        lockHash,
        operatorSignatures,
        aggregateSignature,
        Optional.empty());
  }

  /** The lock version to write for a lock with (or without) a predecessor. */
  public static String versionFor(final Optional<Bytes> predecessorLockHash) {
    return predecessorLockHash.isPresent() ? VERSION_WITH_PREDECESSOR : VERSION;
  }

  private static void requireLockHash(final Bytes hash) {
    if (hash.size() != 32 || hash.equals(Bytes.zero(32))) {
      throw new IllegalArgumentException("a predecessor lock hash is 32 bytes, not all zero");
    }
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
