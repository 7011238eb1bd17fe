package io.dvc.node.testing;

import io.dvc.storage.Durability;
import io.dvc.storage.KvColumn;
import io.dvc.storage.KvEntry;
import io.dvc.storage.KvIterator;
import io.dvc.storage.KvStore;
import io.dvc.storage.KvTransaction;
import io.dvc.storage.KvWriteBatch;
import io.dvc.storage.StorageException;
import java.util.List;
import java.util.Optional;

/** A store whose commits fail while {@link #failWrites} is on, as a full disk makes them. */
public final class FailingKvStore implements KvStore {
  private final KvStore inner;
  private volatile boolean failing;

  public FailingKvStore(final KvStore inner) {
    this.inner = inner;
  }

  public void failWrites(final boolean on) {
    failing = on;
  }

  @Override
  public <K, V> Optional<V> get(final KvColumn<K, V> column, final K key) {
    return inner.get(column, key);
  }

  @Override
  public <K, V> List<Optional<V>> getAll(final KvColumn<K, V> column, final List<K> keys) {
    return inner.getAll(column, keys);
  }

  @Override
  public <K, V> KvIterator<K, V> iteratePrefix(final KvColumn<K, V> column, final byte[] prefix) {
    return inner.iteratePrefix(column, prefix);
  }

  @Override
  public <K, V> KvIterator<K, V> iteratePrefixFrom(
      final KvColumn<K, V> column, final byte[] prefix, final K from) {
    return inner.iteratePrefixFrom(column, prefix, from);
  }

  @Override
  public <K, V> Optional<KvEntry<K, V>> findLast(
      final KvColumn<K, V> column, final byte[] prefix, final K atOrBefore) {
    return inner.findLast(column, prefix, atOrBefore);
  }

  @Override
  public KvWriteBatch startWriteBatch() {
    final KvWriteBatch batch = inner.startWriteBatch();
    return new KvWriteBatch() {
      @Override
      public <K, V> void put(final KvColumn<K, V> column, final K key, final V value) {
        batch.put(column, key, value);
      }

      @Override
      public <K, V> void delete(final KvColumn<K, V> column, final K key) {
        batch.delete(column, key);
      }

      @Override
      public boolean isEmpty() {
        return batch.isEmpty();
      }

      @Override
      public void commit(final Durability durability) {
        if (failing) {
          throw new StorageException(
              "cannot write a batch in database " + location() + ": No space left on device");
        }
        batch.commit(durability);
      }

      @Override
      public void close() {
        batch.close();
      }
    };
  }

  @Override
  public KvTransaction startTransaction() {
    return inner.startTransaction();
  }

  @Override
  public String location() {
    return inner.location();
  }

  @Override
  public void close() {
    inner.close();
  }
}
