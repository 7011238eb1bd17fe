package io.dvc.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbKvStoreTest extends AbstractKvStoreContractTest {
  @TempDir Path directory;

  @Override
  KvStore open(final KvSchema schema) {
    return RocksDbKvStore.open(directory, schema, RocksDbOptions.smallNode());
  }

  @Test
  void dataSurvivesReopen() {
    put("a", "1");
    store.close();
    store = open(SCHEMA);
    assertThat(store.get(NAMES, "a")).contains("1");
  }

  @Test
  void databaseFromNewerSchemaVersionIsRefused() {
    final Path newer = directory.resolve("newer");
    RocksDbKvStore.open(newer, new KvSchema(3, List.of(NAMES, RAW)), RocksDbOptions.smallNode())
        .close();
    assertThatThrownBy(() -> RocksDbKvStore.open(newer, SCHEMA, RocksDbOptions.smallNode()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(newer.toString())
        .hasMessageContaining("schema version 3, newer than version 1");
  }

  @Test
  void secondOpenWhileInUseFailsNamingTheDirectory() {
    assertThatThrownBy(() -> open(SCHEMA))
        .isInstanceOf(StorageException.class)
        .hasMessage(
            "cannot open database "
                + directory
                + ": in use by another process (its LOCK file is held); stop that process or use"
                + " another data directory");
  }
}
