package io.dvc.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** A {@link KvStore} in memory, for tests; batches are applied atomically under a lock. */
public final class InMemoryKvStore implements KvStore {
  private final Map<String, NavigableMap<byte[], byte[]>> columns = new HashMap<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final String name;

  private InMemoryKvStore(final KvSchema schema, final String name) {
    this.name = name;
    for (final KvColumn<?, ?> column : schema.allColumns()) {
      columns.put(column.name(), new TreeMap<>(Arrays::compareUnsigned));
    }
  }

  /** A new empty store with the schema version recorded. */
  public static InMemoryKvStore create(final KvSchema schema) {
    final InMemoryKvStore store = new InMemoryKvStore(schema, "in-memory");
    SchemaVersionGuard.checkOrInitialize(store, schema);
    return store;
  }

  @Override
  public <K, V> Optional<V> get(final KvColumn<K, V> column, final K key) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(map(column).get(column.key(key)))
          .map(column.valueSerializer()::deserialize);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public <K, V> List<Optional<V>> getAll(final KvColumn<K, V> column, final List<K> keys) {
    final List<Optional<V>> values = new ArrayList<>(keys.size());
    for (final K key : keys) {
      values.add(get(column, key));
    }
    return values;
  }

  @Override
  public <K, V> KvIterator<K, V> iteratePrefix(final KvColumn<K, V> column, final byte[] prefix) {
    return iterate(column, prefix, prefix);
  }

  @Override
  public <K, V> KvIterator<K, V> iteratePrefixFrom(
      final KvColumn<K, V> column, final byte[] prefix, final K from) {
    final byte[] start = column.key(from);
    return iterate(column, prefix, Arrays.compareUnsigned(start, prefix) < 0 ? prefix : start);
  }

  @Override
  public <K, V> Optional<KvEntry<K, V>> findLast(
      final KvColumn<K, V> column, final byte[] prefix, final K atOrBefore) {
    lock.readLock().lock();
    try {
      final Map.Entry<byte[], byte[]> entry = map(column).floorEntry(column.key(atOrBefore));
      if (entry == null || !startsWith(entry.getKey(), prefix)) {
        return Optional.empty();
      }
      return Optional.of(
          new KvEntry<>(
              column.keySerializer().deserialize(entry.getKey()),
              column.valueSerializer().deserialize(entry.getValue())));
    } finally {
      lock.readLock().unlock();
    }
  }

  private <K, V> KvIterator<K, V> iterate(
      final KvColumn<K, V> column, final byte[] prefix, final byte[] start) {
    final List<KvEntry<K, V>> entries = new ArrayList<>();
    lock.readLock().lock();
    try {
      for (final Map.Entry<byte[], byte[]> entry : map(column).tailMap(start, true).entrySet()) {
        if (!startsWith(entry.getKey(), prefix)) {
          break;
        }
        entries.add(
            new KvEntry<>(
                column.keySerializer().deserialize(entry.getKey()),
                column.valueSerializer().deserialize(entry.getValue())));
      }
    } finally {
      lock.readLock().unlock();
    }
    final Iterator<KvEntry<K, V>> iterator = entries.iterator();
    return new KvIterator<>() {
      @Override
      public boolean hasNext() {
        return iterator.hasNext();
      }

      @Override
      public KvEntry<K, V> next() {
        if (!iterator.hasNext()) {
          throw new NoSuchElementException();
        }
        return iterator.next();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public KvWriteBatch startWriteBatch() {
    return new InMemoryTransaction();
  }

  @Override
  public KvTransaction startTransaction() {
    return new InMemoryTransaction();
  }

  @Override
  public String location() {
    return name;
  }

  @Override
  public void close() {}

  static boolean startsWith(final byte[] key, final byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private NavigableMap<byte[], byte[]> map(final KvColumn<?, ?> column) {
    final NavigableMap<byte[], byte[]> map = columns.get(column.name());
    if (map == null) {
      throw new StorageException("column " + column.name() + " is not in the schema of " + name);
    }
    return map;
  }

  private record PendingKey(String column, byte[] key) {
    @Override
    public boolean equals(final Object other) {
      return other instanceof PendingKey that
          && column.equals(that.column)
          && Arrays.equals(key, that.key);
    }

    @Override
    public int hashCode() {
      return column.hashCode() * 31 + Arrays.hashCode(key);
    }
  }

  private final class InMemoryTransaction implements KvTransaction {
    /** Pending writes in order; a null value is a delete. */
    private final Map<PendingKey, byte[]> pending = new LinkedHashMap<>();

    private boolean closed;

    @Override
    public <K, V> Optional<V> get(final KvColumn<K, V> column, final K key) {
      final PendingKey pendingKey = new PendingKey(column.name(), column.key(key));
      if (pending.containsKey(pendingKey)) {
        return Optional.ofNullable(pending.get(pendingKey))
            .map(column.valueSerializer()::deserialize);
      }
      return InMemoryKvStore.this.get(column, key);
    }

    @Override
    public <K, V> void put(final KvColumn<K, V> column, final K key, final V value) {
      checkOpen();
      map(column);
      pending.put(new PendingKey(column.name(), column.key(key)), column.value(value));
    }

    @Override
    public <K, V> void delete(final KvColumn<K, V> column, final K key) {
      checkOpen();
      map(column);
      pending.put(new PendingKey(column.name(), column.key(key)), null);
    }

    @Override
    public boolean isEmpty() {
      return pending.isEmpty();
    }

    @Override
    public void commit(final Durability durability) {
      checkOpen();
      lock.writeLock().lock();
      try {
        for (final Map.Entry<PendingKey, byte[]> write : pending.entrySet()) {
          final NavigableMap<byte[], byte[]> map = columns.get(write.getKey().column());
          if (write.getValue() == null) {
            map.remove(write.getKey().key());
          } else {
            map.put(write.getKey().key(), write.getValue());
          }
        }
      } finally {
        lock.writeLock().unlock();
      }
      closed = true;
    }

    @Override
    public void close() {
      closed = true;
      pending.clear();
    }

    private void checkOpen() {
      if (closed) {
        throw new StorageException("transaction on " + name + " is already committed or closed");
      }
    }
  }
}
