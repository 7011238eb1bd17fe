package io.dvc.config.cluster;

import io.dvc.config.ClusterConfigException;
import io.dvc.spec.ssz.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Merges the operator signatures of several copies of one cluster lock (each operator signed its
 * own copy with {@code dvc lock sign}): every copy must have the same lock hash, and each copy's
 * signatures must already be valid (the caller loads them with {@link ClusterFiles#loadLock(
 * java.nio.file.Path, boolean)}).
 */
public final class ClusterLockMerger {
  private ClusterLockMerger() {}

  /** A lock copy and the file it came from (for messages). */
  public record Source(String file, ClusterLock lock) {}

  /**
   * The lock with, in each operator's slot, the signature found in any copy.
   *
   * @throws ClusterConfigException naming the copy whose lock hash differs from the first
   */
  public static ClusterLock merge(final List<Source> copies) {
    if (copies.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge");
    }
    final Source first = copies.get(0);
    final int n = first.lock().definition().operatorCount();
    final List<Optional<Bytes>> signatures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      signatures.add(Optional.empty());
    }
    for (final Source copy : copies) {
      if (!copy.lock().lockHash().equals(first.lock().lockHash())) {
        throw new ClusterConfigException(
            copy.file(),
            "$.lock_hash",
            copy.lock().lockHash().toHex()
                + " differs from "
                + first.lock().lockHash().toHex()
                + " of "
                + first.file()
                + " (a lock of another cluster or ceremony)");
      }
      final List<Optional<Bytes>> own = copy.lock().operatorSignatures();
      for (int i = 0; i < Math.min(n, own.size()); i++) {
        if (signatures.get(i).isEmpty()) {
          signatures.set(i, own.get(i));
        }
      }
    }
    final ClusterLock lock = first.lock();
    return new ClusterLock(
        lock.version(),
        lock.definition(),
        lock.validators(),
        lock.lockHash(),
        signatures,
        lock.aggregateSignature());
  }

  /** The names of the operators that have not signed. */
  public static List<String> unsigned(final ClusterLock lock) {
    final List<String> names = new ArrayList<>();
    for (int i = 0; i < lock.definition().operatorCount(); i++) {
      if (i >= lock.operatorSignatures().size() || lock.operatorSignatures().get(i).isEmpty()) {
        names.add(lock.definition().operators().get(i).name());
      }
    }
    return names;
  }
}
