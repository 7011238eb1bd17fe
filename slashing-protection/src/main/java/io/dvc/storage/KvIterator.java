package io.dvc.storage;

import java.util.Iterator;

/** Iterates entries of one column in key order; must be closed. */
public interface KvIterator<K, V> extends Iterator<KvEntry<K, V>>, AutoCloseable {
  @Override
  void close();
}
