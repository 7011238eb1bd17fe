package io.dvc.storage;

import static io.dvc.storage.AbstractKvStoreContractTest.NAMES;
import static io.dvc.storage.AbstractKvStoreContractTest.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The reopening store over a stand-in for RocksDB's behaviour after a failed write: once a commit
 * failed, that opened instance refuses every later commit; only a new instance (a reopen) writes
 * again, and only while the "disk" has space.
 */
class ReopeningKvStoreTest {
  private final InMemoryKvStore data = InMemoryKvStore.create(SCHEMA);
  private boolean diskFull;
  private int opened;

  /** One opened instance over the shared data; sticky failure like RocksDB's background error. */
  private KvStore openInstance() {
    if (diskFull && opened > 0) {
      throw new StorageException("cannot open database test: No space left on device");
    }
    opened++;
    final boolean[] broken = {false};
    return new KvStore() {
      @Override
      public <K, V> Optional<V> get(final KvColumn<K, V> column, final K key) {
        return data.get(column, key);
      }

      @Override
      public <K, V> List<Optional<V>> getAll(final KvColumn<K, V> column, final List<K> keys) {
        return data.getAll(column, keys);
      }

      @Override
      public <K, V> KvIterator<K, V> iteratePrefix(final KvColumn<K, V> c, final byte[] p) {
        return data.iteratePrefix(c, p);
      }

      @Override
      public <K, V> KvIterator<K, V> iteratePrefixFrom(
          final KvColumn<K, V> c, final byte[] p, final K from) {
        return data.iteratePrefixFrom(c, p, from);
      }

      @Override
      public <K, V> Optional<KvEntry<K, V>> findLast(
          final KvColumn<K, V> c, final byte[] p, final K at) {
        return data.findLast(c, p, at);
      }

      @Override
      public KvWriteBatch startWriteBatch() {
        final KvWriteBatch inner = data.startWriteBatch();
        return new KvWriteBatch() {
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
            if (diskFull || broken[0]) {
              broken[0] = true;
              throw new StorageException("cannot write a batch in database test: IOError NoSpace");
            }
            inner.commit(durability);
          }

          @Override
          public void close() {
            inner.close();
          }
        };
      }

      @Override
      public KvTransaction startTransaction() {
        throw new UnsupportedOperationException();
      }

      @Override
      public String location() {
        return "test";
      }

      @Override
      public void close() {}
    };
  }

  private static void write(final KvStore store, final String key) {
    try (KvWriteBatch batch = store.startWriteBatch()) {
      batch.put(NAMES, key, "v-" + key);
      batch.commit(Durability.SYNCED);
    }
  }

  @Test
  void afterAFailedWriteItReportsTheFailureAndWritesAgainOnceReopeningWorks() {
    final ReopeningKvStore store = ReopeningKvStore.open(this::openInstance);
    write(store, "a");
    diskFull = true;
    assertThatThrownBy(() -> write(store, "b")).isInstanceOf(StorageException.class);
    assertThat(store.failure()).hasValueSatisfying(f -> assertThat(f).contains("NoSpace"));
    assertThat(store.failedWrites()).isEqualTo(1);

    assertThatThrownBy(() -> write(store, "c"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot be reopened yet")
        .hasMessageContaining("No space left on device");
    assertThat(store.failure()).isPresent();

    diskFull = false;
    write(store, "d");
    assertThat(store.failure()).isEmpty();
    assertThat(store.reopens()).isEqualTo(1);
    assertThat(store.get(NAMES, "a")).contains("v-a");
    assertThat(store.get(NAMES, "b")).isEmpty();
    assertThat(store.get(NAMES, "d")).contains("v-d");
  }

  @Test
  void withoutReopeningTheStandInStaysBrokenAsRocksDbDoes() {
    final KvStore plain = openInstance();
    diskFull = true;
    assertThatThrownBy(() -> write(plain, "b")).isInstanceOf(StorageException.class);
    diskFull = false;
    assertThatThrownBy(() -> write(plain, "c")).isInstanceOf(StorageException.class);
  }
}
