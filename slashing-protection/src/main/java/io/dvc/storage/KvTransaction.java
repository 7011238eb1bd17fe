package io.dvc.storage;

import java.util.Optional;

/**
 * A write batch whose reads see its own pending writes, for read-modify-write work such as an
 * import. Costs more per write than a plain {@link KvWriteBatch}.
 */
public interface KvTransaction extends KvWriteBatch {

  /** Reads a value, seeing this transaction's pending writes first. */
  <K, V> Optional<V> get(KvColumn<K, V> column, K key);
}
