package io.dvc.storage;

/**
 * An atomic write batch without reads: either every put and delete is applied by {@link #commit} or
 * none is. The cheapest way to write; closing without commit discards it. Used by one thread.
 */
public interface KvWriteBatch extends AutoCloseable {

  <K, V> void put(KvColumn<K, V> column, K key, V value);

  <K, V> void delete(KvColumn<K, V> column, K key);

  /** True when nothing was put or deleted. */
  boolean isEmpty();

  /** Applies every write atomically; returns only when the requested durability is reached. */
  void commit(Durability durability);

  @Override
  void close();
}
