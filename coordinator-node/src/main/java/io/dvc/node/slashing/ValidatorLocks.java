package io.dvc.node.slashing;

import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

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

  /** A set of held stripes; closing releases them. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  Held lock(final Collection<Pubkey> pubkeys) {
    final TreeSet<Integer> indices = new TreeSet<>();
    for (final Pubkey pubkey : pubkeys) {
      indices.add(Math.floorMod(pubkey.hashCode(), STRIPES));
    }
    return lockIndices(indices);
  }

  /** Every stripe: for imports, exports and pruning. */
  Held lockEverything() {
    final TreeSet<Integer> indices = new TreeSet<>();
    for (int i = 0; i < STRIPES; i++) {
      indices.add(i);
    }
    return lockIndices(indices);
  }

  private Held lockIndices(final TreeSet<Integer> indices) {
    for (final int index : indices) {
      stripes[index].lock();
    }
    return () -> {
      for (final int index : indices.descendingSet()) {
        stripes[index].unlock();
      }
    };
  }
}
