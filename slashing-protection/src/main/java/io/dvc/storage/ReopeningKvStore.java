package io.dvc.storage;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A store that survives a failed write (a full disk, an I/O error): RocksDB keeps refusing every
 * write after one failed, even once space is free again, until the database is reopened. Here a
 * failed commit marks the store failed ({@link #failure()}, for readiness and metrics), and the
 * next operation closes the database and opens it again; while that fails too the operation fails
 * with the reason, and the store stays failed.
 *
 * <p>Safety: a failed commit was never acknowledged, so nothing was signed on it; if the reopened
 * database recovers the batch from its log anyway, that only records a signature that was not made
 * (conservative). Reopening waits for open batches and iterators (each holds a read permit) and is
 * skipped, not waited for, when one stays open more than a second.
 */
public final class ReopeningKvStore implements KvStore {
  private final Supplier<KvStore> opener;
  private final String location;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final AtomicLong failedWrites = new AtomicLong();
  private final AtomicLong reopens = new AtomicLong();
  private volatile KvStore delegate;
  private volatile Optional<String> failure = Optional.empty();
  private volatile boolean closed;

  private ReopeningKvStore(final Supplier<KvStore> opener, final KvStore first) {
    this.opener = opener;
    this.delegate = first;
    this.location = first.location();
  }

  /** Opens the store now (failing as the opener does) and again whenever a write failed. */
  public static ReopeningKvStore open(final Supplier<KvStore> opener) {
    return new ReopeningKvStore(opener, opener.get());
  }

  /** Why the store is unusable until reopened, if it is. */
  public Optional<String> failure() {
    return failure;
  }

  /** Commits that failed so far. */
  public long failedWrites() {
    return failedWrites.get();
  }

  /** Successful reopens after a failure. */
  public long reopens() {
    return reopens.get();
  }

  /** The healthy database, reopened first if a write failed; holds a read permit on return. */
  private KvStore acquire() {
    if (failure.isPresent()) {
      reopen();
    }
    lock.readLock().lock();
    final KvStore current = delegate;
    if (closed || current == null) {
      lock.readLock().unlock();
      throw new StorageException(
          "database "
              + location
              + " is "
              + (closed ? "closed" : "unusable: " + failure.orElse("")));
    }
    return current;
  }

  private void release() {
    lock.readLock().unlock();
  }

  private void reopen() {
    final boolean locked;
    try {
      locked = lock.writeLock().tryLock(1, TimeUnit.SECONDS);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while reopening database " + location);
    }
    if (!locked) {
      throw new StorageException(
          "database " + location + " failed (" + failure.orElse("") + ") and is still in use");
    }
    try {
      if (failure.isEmpty() || closed) {
        return;
      }
      if (delegate != null) {
        try {
          delegate.close();
        } catch (final RuntimeException e) {
          // the failed database may not close cleanly; it is replaced either way
        }
        delegate = null;
      }
      try {
        delegate = opener.get();
      } catch (final RuntimeException e) {
        throw new StorageException(
            "database "
                + location
                + " failed ("
                + failure.orElse("")
                + ") and cannot be reopened yet: "
                + e.getMessage(),
            e);
      }
      failure = Optional.empty();
      reopens.incrementAndGet();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void failed(final StorageException e) {
    failedWrites.incrementAndGet();
    failure = Optional.of(e.getMessage());
  }

  @Override
  public <K, V> Optional<V> get(final KvColumn<K, V> column, final K key) {
    final KvStore store = acquire();
    try {
      return store.get(column, key);
    } finally {
      release();
    }
  }

  @Override
  public <K, V> List<Optional<V>> getAll(final KvColumn<K, V> column, final List<K> keys) {
    final KvStore store = acquire();
    try {
      return store.getAll(column, keys);
    } finally {
      release();
    }
  }

  @Override
  public <K, V> KvIterator<K, V> iteratePrefix(final KvColumn<K, V> column, final byte[] prefix) {
    final KvStore store = acquire();
    try {
      return new HeldIterator<>(store.iteratePrefix(column, prefix));
    } catch (final RuntimeException e) {
      release();
      throw e;
    }
  }

  @Override
  public <K, V> KvIterator<K, V> iteratePrefixFrom(
      final KvColumn<K, V> column, final byte[] prefix, final K from) {
    final KvStore store = acquire();
    try {
      return new HeldIterator<>(store.iteratePrefixFrom(column, prefix, from));
    } catch (final RuntimeException e) {
      release();
      throw e;
    }
  }

  @Override
  public <K, V> Optional<KvEntry<K, V>> findLast(
      final KvColumn<K, V> column, final byte[] prefix, final K atOrBefore) {
    final KvStore store = acquire();
    try {
      return store.findLast(column, prefix, atOrBefore);
    } finally {
      release();
    }
  }

  @Override
  public KvWriteBatch startWriteBatch() {
    final KvStore store = acquire();
    try {
      return new HeldBatch(store.startWriteBatch());
    } catch (final RuntimeException e) {
      release();
      throw e;
    }
  }

  @Override
  public KvTransaction startTransaction() {
    final KvStore store = acquire();
    try {
      return new HeldBatch(store.startTransaction());
    } catch (final RuntimeException e) {
      release();
      throw e;
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      if (delegate != null) {
        delegate.close();
        delegate = null;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** An iterator holding a read permit until closed. */
  private final class HeldIterator<K, V> implements KvIterator<K, V> {
    private final KvIterator<K, V> inner;
    private boolean open = true;

    HeldIterator(final KvIterator<K, V> inner) {
      this.inner = inner;
    }

    @Override
    public boolean hasNext() {
      return inner.hasNext();
    }

    @Override
    public KvEntry<K, V> next() {
      return inner.next();
    }

    @Override
    public void close() {
      if (open) {
        open = false;
        try {
          inner.close();
        } finally {
          release();
        }
      }
    }
  }

  /** A batch holding a read permit until closed; a failed commit marks the store failed. */
  private final class HeldBatch implements KvTransaction {
    private final KvWriteBatch inner;
    private boolean open = true;

    HeldBatch(final KvWriteBatch inner) {
      this.inner = inner;
    }

    @Override
    public <K, V> Optional<V> get(final KvColumn<K, V> column, final K key) {
      return ((KvTransaction) inner).get(column, key);
    }

    @Override
    public <K, V> void put(final KvColumn<K, V> column, final K key, final V value) {
      inner.put(column, key, value);
    }

    @Override
    public <K, V> void delete(final KvColumn<K, V> column, final K key) {
      inner.delete(column, key);
    }

    @Override
    public boolean isEmpty() {
      return inner.isEmpty();
    }

    @Override
    public void commit(final Durability durability) {
      try {
        inner.commit(durability);
      } catch (final StorageException e) {
        failed(e);
        throw e;
      }
    }

    @Override
    public void close() {
      if (open) {
        open = false;
        try {
          inner.close();
        } finally {
          release();
        }
      }
    }
  }
}
