package io.dvc.slashing;

import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes work per validator with striped locks. Several stripes are always taken in ascending
 * order, so batches never deadlock each other.
 */
final class ValidatorLocks {
  private static final int STRIPES = 256;

  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  ValidatorLocks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Runs {@code work} holding the stripes of every listed validator. */
  <T> T call(final Collection<Pubkey> pubkeys, final Supplier<T> work) {
    final TreeSet<Integer> indices = new TreeSet<>();
    for (final Pubkey pubkey : pubkeys) {
      indices.add(Math.floorMod(pubkey.hashCode(), STRIPES));
    }
    return callLocked(indices, work);
  }

  /** Runs {@code work} holding every stripe: for imports and exports. */
  <T> T callExclusive(final Supplier<T> work) {
    final TreeSet<Integer> indices = new TreeSet<>();
    for (int i = 0; i < STRIPES; i++) {
      indices.add(i);
    }
    return callLocked(indices, work);
  }

  private <T> T callLocked(final TreeSet<Integer> indices, final Supplier<T> work) {
    for (final int index : indices) {
      stripes[index].lock();
    }
    try {
      return work.get();
    } finally {
      for (final int index : indices.descendingSet()) {
        stripes[index].unlock();
      }
    }
  }
}
