package io.dvc.node.storage;

import java.util.Optional;

/**
 * An atomic write batch: either every put and delete is applied by {@link #commit} or none is.
 * Reads through the transaction see its own pending writes. Closing without commit discards it. A
 * transaction is used by one thread.
 */
public interface KvTransaction extends AutoCloseable {

  /** Reads a value, seeing this transaction's pending writes first. */
  <K, V> Optional<V> get(KvColumn<K, V> column, K key);

  <K, V> void put(KvColumn<K, V> column, K key, V value);

  <K, V> void delete(KvColumn<K, V> column, K key);

  /** True when nothing was put or deleted. */
  boolean isEmpty();

  /** Applies every write atomically; returns only when the requested durability is reached. */
  void commit(Durability durability);

  @Override
  void close();
}
