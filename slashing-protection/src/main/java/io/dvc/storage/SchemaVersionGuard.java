package io.dvc.storage;

import java.util.Optional;

/** Stores the schema version in a new database and checks it when an existing one is opened. */
final class SchemaVersionGuard {
  private SchemaVersionGuard() {}

  static void checkOrInitialize(final KvStore store, final KvSchema schema) {
    final Optional<Integer> stored = store.get(KvSchema.META, KvSchema.VERSION_KEY);
    if (stored.isEmpty()) {
      initialize(store, schema);
      return;
    }
    final int version = stored.get();
    if (version > schema.version()) {
      throw new StorageException(
          "database "
              + store.location()
              + " has schema version "
              + version
              + ", newer than version "
              + schema.version()
              + " supported by this dvc; use the dvc release that wrote it or a newer one");
    }
    if (version < schema.version()) {
      throw new StorageException(
          "database "
              + store.location()
              + " has schema version "
              + version
              + " and no migration to version "
              + schema.version()
              + " exists");
    }
  }

  private static void initialize(final KvStore store, final KvSchema schema) {
    for (final KvColumn<?, ?> column : schema.columns()) {
      try (KvIterator<?, ?> iterator = store.iterateAll(column)) {
        if (iterator.hasNext()) {
          throw new StorageException(
              "database "
                  + store.location()
                  + " holds data in column "
                  + column.name()
                  + " but no schema version; refusing to open it");
        }
      }
    }
    try (KvTransaction transaction = store.startTransaction()) {
      transaction.put(KvSchema.META, KvSchema.VERSION_KEY, schema.version());
      transaction.commit(Durability.SYNCED);
    }
  }
}
