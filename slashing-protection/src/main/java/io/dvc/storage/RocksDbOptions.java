package io.dvc.storage;

/**
 * RocksDB sizing. The defaults suit a small node: a shared 32 MiB block cache, 8 MiB memtables, few
 * open files and two background jobs, so the database stays light next to the rest of the node.
 */
public record RocksDbOptions(
    long blockCacheBytes,
    long writeBufferBytes,
    int maxWriteBuffers,
    int maxOpenFiles,
    int backgroundJobs,
    long maxTotalWalBytes,
    long totalWriteBufferBytes) {

  public static RocksDbOptions smallNode() {
    return new RocksDbOptions(32L << 20, 16L << 20, 4, 256, 2, 64L << 20, 64L << 20);
  }
}
