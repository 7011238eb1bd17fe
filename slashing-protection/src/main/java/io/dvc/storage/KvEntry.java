package io.dvc.storage;

/** One key and value read from a column. */
public record KvEntry<K, V>(K key, V value) {}
