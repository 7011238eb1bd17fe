package io.dvc.storage;

import java.util.List;
import java.util.Optional;

/** A small typed key-value store made of columns; see {@link KvSchema}. Thread-safe. */
public interface KvStore extends AutoCloseable {

  <K, V> Optional<V> get(KvColumn<K, V> column, K key);

  /** Reads many keys of one column at once; the result is in the order of {@code keys}. */
  <K, V> List<Optional<V>> getAll(KvColumn<K, V> column, List<K> keys);

  /** Iterates, in key order, the entries whose serialized key starts with {@code prefix}. */
  <K, V> KvIterator<K, V> iteratePrefix(KvColumn<K, V> column, byte[] prefix);

  /** Iterates the whole column in key order. */
  default <K, V> KvIterator<K, V> iterateAll(final KvColumn<K, V> column) {
    return iteratePrefix(column, new byte[0]);
  }

  /**
   * Iterates, in key order, the entries whose serialized key starts with {@code prefix}, starting
   * at the first key at or after {@code from}.
   */
  <K, V> KvIterator<K, V> iteratePrefixFrom(KvColumn<K, V> column, byte[] prefix, K from);

  /**
   * The entry with the greatest key that starts with {@code prefix} and is at or before {@code
   * atOrBefore}, if any.
   */
  <K, V> Optional<KvEntry<K, V>> findLast(KvColumn<K, V> column, byte[] prefix, K atOrBefore);

  /** A write-only atomic batch. */
  KvWriteBatch startWriteBatch();

  /** An atomic batch whose reads see its own writes. */
  KvTransaction startTransaction();

  /** Where the data lives, for messages. */
  String location();

  @Override
  void close();
}
