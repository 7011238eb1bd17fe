package io.dvc.storage;

/**
 * A named column of a {@link KvStore} with typed keys and values. Keys are ordered by the unsigned
 * lexicographic order of their serialized bytes.
 */
public record KvColumn<K, V>(
    String name, KvSerializer<K> keySerializer, KvSerializer<V> valueSerializer) {

  public KvColumn {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("column name is missing");
    }
  }

  public static <K, V> KvColumn<K, V> of(
      final String name,
      final KvSerializer<K> keySerializer,
      final KvSerializer<V> valueSerializer) {
    return new KvColumn<>(name, keySerializer, valueSerializer);
  }

  byte[] key(final K key) {
    return keySerializer.serialize(key);
  }

  byte[] value(final V value) {
    return valueSerializer.serialize(value);
  }
}
