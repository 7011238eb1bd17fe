package io.dvc.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link KvStore} implementation must have. */
abstract class AbstractKvStoreContractTest {
  static final KvColumn<String, String> NAMES =
      KvColumn.of("names", KvSerializer.UTF8, KvSerializer.UTF8);
  static final KvColumn<byte[], byte[]> RAW =
      KvColumn.of("raw", KvSerializer.BYTES, KvSerializer.BYTES);
  static final KvSchema SCHEMA = new KvSchema(1, List.of(NAMES, RAW));

  KvStore store;

  abstract KvStore open(KvSchema schema);

  @BeforeEach
  void openStore() {
    store = open(SCHEMA);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void committedWritesAreVisibleAndUncommittedAreNot() {
    try (KvTransaction transaction = store.startTransaction()) {
      transaction.put(NAMES, "a", "1");
      assertThat(store.get(NAMES, "a")).isEmpty();
      assertThat(transaction.get(NAMES, "a")).contains("1");
      transaction.commit(Durability.SYNCED);
    }
    assertThat(store.get(NAMES, "a")).contains("1");
    try (KvTransaction transaction = store.startTransaction()) {
      transaction.put(NAMES, "b", "2");
    }
    assertThat(store.get(NAMES, "b")).isEmpty();
  }

  @Test
  void deleteInTransactionHidesValueFromTransactionReads() {
    put("a", "1");
    try (KvTransaction transaction = store.startTransaction()) {
      transaction.delete(NAMES, "a");
      assertThat(transaction.get(NAMES, "a")).isEmpty();
      assertThat(transaction.isEmpty()).isFalse();
      transaction.commit(Durability.UNSYNCED);
    }
    assertThat(store.get(NAMES, "a")).isEmpty();
  }

  @Test
  void columnsAreSeparate() {
    put("k", "v");
    assertThat(store.get(RAW, "k".getBytes())).isEmpty();
  }

  @Test
  void getAllKeepsRequestOrder() {
    put("x", "1");
    put("z", "3");
    assertThat(store.getAll(NAMES, List.of("z", "y", "x")))
        .containsExactly(Optional.of("3"), Optional.empty(), Optional.of("1"));
  }

  @Test
  void prefixIterationIsInUnsignedKeyOrderAndStopsAtPrefixEnd() {
    rawPut(new byte[] {1, (byte) 0xff});
    rawPut(new byte[] {1, 0x00});
    rawPut(new byte[] {1, 0x7f});
    rawPut(new byte[] {2, 0x00});
    rawPut(new byte[] {0, 0x00});
    final List<Integer> seen = new ArrayList<>();
    try (KvIterator<byte[], byte[]> iterator = store.iteratePrefix(RAW, new byte[] {1})) {
      while (iterator.hasNext()) {
        seen.add(iterator.next().key()[1] & 0xff);
      }
    }
    assertThat(seen).containsExactly(0x00, 0x7f, 0xff);
    int all = 0;
    try (KvIterator<byte[], byte[]> iterator = store.iterateAll(RAW)) {
      while (iterator.hasNext()) {
        iterator.next();
        all++;
      }
    }
    assertThat(all).isEqualTo(5);
  }

  @Test
  void prefixIterationFromAKeyStartsThere() {
    rawPut(new byte[] {1, 0x01});
    rawPut(new byte[] {1, 0x05});
    rawPut(new byte[] {1, (byte) 0x90});
    rawPut(new byte[] {2, 0x00});
    final List<Integer> seen = new ArrayList<>();
    try (KvIterator<byte[], byte[]> iterator =
        store.iteratePrefixFrom(RAW, new byte[] {1}, new byte[] {1, 0x05})) {
      while (iterator.hasNext()) {
        seen.add(iterator.next().key()[1] & 0xff);
      }
    }
    assertThat(seen).containsExactly(0x05, 0x90);
  }

  @Test
  void findLastReturnsTheGreatestKeyWithinThePrefix() {
    rawPut(new byte[] {1, 0x01});
    rawPut(new byte[] {1, (byte) 0x90});
    rawPut(new byte[] {2, 0x00});
    assertThat(store.findLast(RAW, new byte[] {1}, new byte[] {1, (byte) 0xff}))
        .map(entry -> entry.key()[1] & 0xff)
        .contains(0x90);
    assertThat(store.findLast(RAW, new byte[] {1}, new byte[] {1, 0x50}))
        .map(entry -> entry.key()[1] & 0xff)
        .contains(0x01);
    assertThat(store.findLast(RAW, new byte[] {3}, new byte[] {3, (byte) 0xff})).isEmpty();
    assertThat(store.findLast(RAW, new byte[] {1}, new byte[] {1, 0x00})).isEmpty();
  }

  @Test
  void writeBatchAppliesAllOrNothing() {
    try (KvWriteBatch batch = store.startWriteBatch()) {
      batch.put(NAMES, "a", "1");
      batch.put(NAMES, "b", "2");
      batch.delete(NAMES, "a");
      assertThat(store.get(NAMES, "b")).isEmpty();
      batch.commit(Durability.SYNCED);
    }
    assertThat(store.get(NAMES, "a")).isEmpty();
    assertThat(store.get(NAMES, "b")).contains("2");
    try (KvWriteBatch batch = store.startWriteBatch()) {
      batch.put(NAMES, "c", "3");
      assertThat(batch.isEmpty()).isFalse();
    }
    assertThat(store.get(NAMES, "c")).isEmpty();
  }

  @Test
  void committedTransactionCannotBeReused() {
    final KvTransaction transaction = store.startTransaction();
    transaction.commit(Durability.SYNCED);
    assertThatThrownBy(() -> transaction.put(NAMES, "a", "1"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("already committed");
  }

  @Test
  void unknownColumnIsRefusedWithItsName() {
    final KvColumn<String, String> other =
        KvColumn.of("other", KvSerializer.UTF8, KvSerializer.UTF8);
    assertThatThrownBy(() -> store.get(other, "a"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("other");
  }

  @Test
  void schemaVersionIsStored() {
    assertThat(store.get(KvSchema.META, KvSchema.VERSION_KEY)).contains(1);
  }

  void put(final String key, final String value) {
    try (KvTransaction transaction = store.startTransaction()) {
      transaction.put(NAMES, key, value);
      transaction.commit(Durability.SYNCED);
    }
  }

  void rawPut(final byte[] key) {
    try (KvTransaction transaction = store.startTransaction()) {
      transaction.put(RAW, key, new byte[] {9});
      transaction.commit(Durability.SYNCED);
    }
  }
}
