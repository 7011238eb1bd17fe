package io.dvc.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksObject;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/**
 * A {@link KvStore} on RocksDB: one column family per {@link KvColumn}, write batches applied
 * atomically, {@link Durability#SYNCED} commits fsync the write-ahead log. Only one process may
 * open a database at a time (RocksDB's lock file).
 */
public final class RocksDbKvStore implements KvStore {
  static {
    RocksDB.loadLibrary();
  }

  private final Path path;
  private final RocksDB db;
  private final Map<String, ColumnFamilyHandle> handles;
  private final List<RocksObject> resources;
  private final WriteOptions syncedWrites;
  private final WriteOptions unsyncedWrites;
  private final ReadOptions readOptions;
  private volatile boolean closed;

  private RocksDbKvStore(
      final Path path,
      final RocksDB db,
      final Map<String, ColumnFamilyHandle> handles,
      final List<RocksObject> resources) {
    this.path = path;
    this.db = db;
    this.handles = handles;
    this.resources = resources;
    this.syncedWrites = new WriteOptions().setSync(true);
    this.unsyncedWrites = new WriteOptions().setSync(false);
    this.readOptions = new ReadOptions();
  }

  /**
   * Opens (creating if needed) the database in {@code directory} and checks its schema version.
   *
   * @throws StorageException naming the directory and the reason when it cannot be opened
   */
  public static RocksDbKvStore open(
      final Path directory, final KvSchema schema, final RocksDbOptions options) {
    final List<RocksObject> resources = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      final LRUCache cache = track(resources, new LRUCache(options.blockCacheBytes()));
      final BloomFilter bloom = track(resources, new BloomFilter(10));
      final ColumnFamilyOptions columnOptions =
          track(resources, columnOptions(options, cache, bloom));
      final DBOptions dbOptions = track(resources, dbOptions(options));
      final List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions));
      for (final KvColumn<?, ?> column : schema.allColumns()) {
        descriptors.add(
            new ColumnFamilyDescriptor(
                column.name().getBytes(java.nio.charset.StandardCharsets.UTF_8), columnOptions));
      }
      final List<ColumnFamilyHandle> handleList = new ArrayList<>();
      final RocksDB db = RocksDB.open(dbOptions, directory.toString(), descriptors, handleList);
      final Map<String, ColumnFamilyHandle> handles = new HashMap<>();
      for (int i = 0; i < handleList.size(); i++) {
        handles.put(
            new String(descriptors.get(i).getName(), java.nio.charset.StandardCharsets.UTF_8),
            handleList.get(i));
      }
      final RocksDbKvStore store = new RocksDbKvStore(directory, db, handles, resources);
      try {
        SchemaVersionGuard.checkOrInitialize(store, schema);
      } catch (final RuntimeException e) {
        store.close();
        throw e;
      }
      return store;
    } catch (final RocksDBException e) {
      resources.forEach(RocksObject::close);
      throw new StorageException("cannot open database " + directory + ": " + reason(e), e);
    } catch (final java.io.IOException e) {
      resources.forEach(RocksObject::close);
      throw new StorageException(
          "cannot open database "
              + directory
              + ": "
              + e.getClass().getSimpleName()
              + " ("
              + io.dvc.common.text.SafeText.abbreviate(e.getMessage())
              + ")",
          e);
    }
  }

  /**
   * RocksDB's failure in the project's words: the common cases named, anything else as RocksDB's
   * status code with its text escaped and shortened.
   */
  static String reason(final RocksDBException e) {
    final String text = String.valueOf(e.getMessage());
    final org.rocksdb.Status status = e.getStatus();
    final String lower = text.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("lock")
        && (lower.contains("temporarily unavailable") || lower.contains("no locks available"))) {
      return "in use by another process (its LOCK file is held); stop that process or use another"
          + " data directory";
    }
    if (lower.contains("permission denied")) {
      return "permission denied";
    }
    if (lower.contains("no space left")) {
      return "no space left on the device";
    }
    final String code = status == null ? "error" : status.getCodeString();
    return "RocksDB " + code + " (" + io.dvc.common.text.SafeText.abbreviate(text, 80) + ")";
  }

  private static <T extends RocksObject> T track(final List<RocksObject> resources, final T o) {
    resources.add(o);
    return o;
  }

  private static ColumnFamilyOptions columnOptions(
      final RocksDbOptions options, final LRUCache cache, final BloomFilter bloom) {
    final BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(cache)
            .setFilterPolicy(bloom)
            .setCacheIndexAndFilterBlocks(true);
    return new ColumnFamilyOptions()
        .setTableFormatConfig(table)
        .setWriteBufferSize(options.writeBufferBytes())
        .setMaxWriteBufferNumber(options.maxWriteBuffers())
        // keys and roots are random bytes: compression would cost CPU and save little; the
        // shared pubkey prefixes of keys are already delta-encoded inside each block
        .setCompressionType(CompressionType.NO_COMPRESSION)
        .setLevelCompactionDynamicLevelBytes(true);
  }

  private static DBOptions dbOptions(final RocksDbOptions options) {
    return new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setMaxOpenFiles(options.maxOpenFiles())
        .setMaxBackgroundJobs(options.backgroundJobs())
        .setMaxTotalWalSize(options.maxTotalWalBytes())
        .setDbWriteBufferSize(options.totalWriteBufferBytes())
        .setKeepLogFileNum(3)
        .setParanoidChecks(true);
  }

  @Override
  public <K, V> Optional<V> get(final KvColumn<K, V> column, final K key) {
    try {
      final byte[] value = db.get(handle(column), readOptions, column.key(key));
      return Optional.ofNullable(value).map(column.valueSerializer()::deserialize);
    } catch (final RocksDBException e) {
      throw failure("read " + column.name(), e);
    }
  }

  @Override
  public <K, V> List<Optional<V>> getAll(final KvColumn<K, V> column, final List<K> keys) {
    final ColumnFamilyHandle handle = handle(column);
    final List<ColumnFamilyHandle> handleList = new ArrayList<>(keys.size());
    final List<byte[]> rawKeys = new ArrayList<>(keys.size());
    for (final K key : keys) {
      handleList.add(handle);
      rawKeys.add(column.key(key));
    }
    try {
      final List<byte[]> values = db.multiGetAsList(readOptions, handleList, rawKeys);
      final List<Optional<V>> result = new ArrayList<>(values.size());
      for (final byte[] value : values) {
        result.add(Optional.ofNullable(value).map(column.valueSerializer()::deserialize));
      }
      return result;
    } catch (final RocksDBException e) {
      throw failure("read " + column.name(), e);
    }
  }

  @Override
  public <K, V> KvIterator<K, V> iteratePrefix(final KvColumn<K, V> column, final byte[] prefix) {
    final RocksIterator iterator = db.newIterator(handle(column), readOptions);
    iterator.seek(prefix);
    return new PrefixIterator<>(column, iterator, prefix.clone());
  }

  @Override
  public <K, V> KvIterator<K, V> iteratePrefixFrom(
      final KvColumn<K, V> column, final byte[] prefix, final K from) {
    final byte[] start = column.key(from);
    final RocksIterator iterator = db.newIterator(handle(column), readOptions);
    iterator.seek(Arrays.compareUnsigned(start, prefix) < 0 ? prefix : start);
    return new PrefixIterator<>(column, iterator, prefix.clone());
  }

  @Override
  public <K, V> Optional<KvEntry<K, V>> findLast(
      final KvColumn<K, V> column, final byte[] prefix, final K atOrBefore) {
    try (RocksIterator iterator = db.newIterator(handle(column), readOptions)) {
      iterator.seekForPrev(column.key(atOrBefore));
      if (!iterator.isValid() || !InMemoryKvStore.startsWith(iterator.key(), prefix)) {
        return Optional.empty();
      }
      return Optional.of(
          new KvEntry<>(
              column.keySerializer().deserialize(iterator.key()),
              column.valueSerializer().deserialize(iterator.value())));
    }
  }

  @Override
  public KvWriteBatch startWriteBatch() {
    return new RocksDbWriteBatch();
  }

  @Override
  public KvTransaction startTransaction() {
    return new RocksDbTransaction();
  }

  @Override
  public String location() {
    return path.toString();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    handles.values().forEach(ColumnFamilyHandle::close);
    db.close();
    syncedWrites.close();
    unsyncedWrites.close();
    readOptions.close();
    resources.forEach(RocksObject::close);
  }

  private ColumnFamilyHandle handle(final KvColumn<?, ?> column) {
    if (closed) {
      throw new StorageException("database " + path + " is closed");
    }
    final ColumnFamilyHandle handle = handles.get(column.name());
    if (handle == null) {
      throw new StorageException("column " + column.name() + " is not in the schema of " + path);
    }
    return handle;
  }

  private StorageException failure(final String action, final RocksDBException e) {
    return new StorageException("cannot " + action + " in database " + path + ": " + reason(e), e);
  }

  private static final class PrefixIterator<K, V> implements KvIterator<K, V> {
    private final KvColumn<K, V> column;
    private final RocksIterator iterator;
    private final byte[] prefix;

    PrefixIterator(final KvColumn<K, V> column, final RocksIterator iterator, final byte[] prefix) {
      this.column = column;
      this.iterator = iterator;
      this.prefix = prefix;
    }

    @Override
    public boolean hasNext() {
      return iterator.isValid() && InMemoryKvStore.startsWith(iterator.key(), prefix);
    }

    @Override
    public KvEntry<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      final KvEntry<K, V> entry =
          new KvEntry<>(
              column.keySerializer().deserialize(iterator.key()),
              column.valueSerializer().deserialize(iterator.value()));
      iterator.next();
      return entry;
    }

    @Override
    public void close() {
      iterator.close();
    }
  }

  /** Staged writes over a RocksDB batch: one implementation for batches and transactions. */
  private abstract class AbstractRocksDbBatch<B extends org.rocksdb.AbstractWriteBatch>
      implements KvWriteBatch {
    final B batch;
    private final String kind;
    private boolean done;

    AbstractRocksDbBatch(final B batch, final String kind) {
      this.batch = batch;
      this.kind = kind;
    }

    abstract void write(WriteOptions options) throws RocksDBException;

    @Override
    public <K, V> void put(final KvColumn<K, V> column, final K key, final V value) {
      checkOpen();
      try {
        batch.put(handle(column), column.key(key), column.value(value));
      } catch (final RocksDBException e) {
        throw failure("stage a write to " + column.name(), e);
      }
    }

    @Override
    public <K, V> void delete(final KvColumn<K, V> column, final K key) {
      checkOpen();
      try {
        batch.delete(handle(column), column.key(key));
      } catch (final RocksDBException e) {
        throw failure("stage a delete in " + column.name(), e);
      }
    }

    @Override
    public boolean isEmpty() {
      return batch.count() == 0;
    }

    @Override
    public void commit(final Durability durability) {
      checkOpen();
      try {
        write(durability == Durability.SYNCED ? syncedWrites : unsyncedWrites);
      } catch (final RocksDBException e) {
        throw failure("write a batch", e);
      } finally {
        close();
      }
    }

    @Override
    public void close() {
      if (!done) {
        done = true;
        batch.close();
      }
    }

    void checkOpen() {
      if (done) {
        throw new StorageException(kind + " on " + path + " is already committed or closed");
      }
    }
  }

  private final class RocksDbWriteBatch extends AbstractRocksDbBatch<WriteBatch> {
    RocksDbWriteBatch() {
      super(new WriteBatch(), "write batch");
    }

    @Override
    void write(final WriteOptions options) throws RocksDBException {
      db.write(options, batch);
    }
  }

  private final class RocksDbTransaction extends AbstractRocksDbBatch<WriteBatchWithIndex>
      implements KvTransaction {
    RocksDbTransaction() {
      super(new WriteBatchWithIndex(true), "transaction");
    }

    @Override
    void write(final WriteOptions options) throws RocksDBException {
      db.write(options, batch);
    }

    @Override
    public <K, V> Optional<V> get(final KvColumn<K, V> column, final K key) {
      checkOpen();
      try {
        final byte[] value =
            batch.getFromBatchAndDB(db, handle(column), readOptions, column.key(key));
        return Optional.ofNullable(value).map(column.valueSerializer()::deserialize);
      } catch (final RocksDBException e) {
        throw failure("read " + column.name(), e);
      }
    }
  }
}
