package io.dvc.node.bench;

import io.dvc.slashing.AttestationDecision;
import io.dvc.slashing.AttestationSigningRequest;
import io.dvc.slashing.Pubkey;
import io.dvc.slashing.Root;
import io.dvc.slashing.SigningDecision;
import io.dvc.slashing.SlashingProtection;
import io.dvc.slashing.SlashingSchema;
import io.dvc.storage.Durability;
import io.dvc.storage.KvColumn;
import io.dvc.storage.KvSchema;
import io.dvc.storage.KvSerializer;
import io.dvc.storage.KvWriteBatch;
import io.dvc.storage.RocksDbKvStore;
import io.dvc.storage.RocksDbOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Slashing protection on RocksDB: one slot's attestations for 10,000 validators checked and
 * recorded in one synced batch, single checks (a new attestation with its synced write, and an
 * identical re-sign, which reads history and writes nothing), and the fsync floor: one synced write
 * of a single small entry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SlashingProtectionBenchmark {
  private static final int VALIDATORS = 10_000;
  private static final KvColumn<String, byte[]> BASELINE =
      KvColumn.of("baseline", KvSerializer.UTF8, KvSerializer.BYTES);
  private static final KvColumn<byte[], byte[]> RAW =
      KvColumn.of("raw_baseline", KvSerializer.BYTES, KvSerializer.BYTES);
  private static final byte[] BASELINE_VALUE = new byte[32];

  private Path directory;
  private RocksDbKvStore store;
  private SlashingProtection protection;
  private List<Pubkey> pubkeys;
  private long batchEpoch;
  private long singleEpoch;
  private long rawEpoch = 1;
  private List<AttestationSigningRequest> nextBatch;
  private AttestationSigningRequest repeat;

  @Setup(Level.Trial)
  public void open() throws IOException {
    directory = Files.createTempDirectory("dvc-slashing-bench");
    final List<KvColumn<?, ?>> columns = new ArrayList<>(SlashingSchema.SCHEMA.columns());
    columns.add(BASELINE);
    columns.add(RAW);
    store =
        RocksDbKvStore.open(
            directory.resolve(SlashingSchema.DIRECTORY),
            new KvSchema(SlashingSchema.SCHEMA.version(), columns),
            RocksDbOptions.smallNode());
    protection = SlashingProtection.open(store, root(1, 0, 0));
    pubkeys = new ArrayList<>(VALIDATORS);
    for (int v = 0; v < VALIDATORS; v++) {
      final byte[] bytes = new byte[Pubkey.LENGTH];
      ByteBuffer.wrap(bytes).putInt(0xb0000000 | v).putLong(v * 0x9e3779b97f4a7c15L);
      pubkeys.add(Pubkey.of(bytes));
    }
    batchEpoch = 1;
    singleEpoch = 1;
    for (int i = 0; i < 3; i++) {
      prepareBatch();
      batch10kValidators();
    }
    final Pubkey first = pubkeys.get(0);
    repeat =
        new AttestationSigningRequest(
            first, batchEpoch - 2, batchEpoch - 1, root(0, batchEpoch - 2, batchEpoch - 1));
  }

  @Setup(Level.Invocation)
  public void prepareBatch() {
    final List<AttestationSigningRequest> requests = new ArrayList<>(VALIDATORS);
    for (int v = 0; v < VALIDATORS; v++) {
      requests.add(
          new AttestationSigningRequest(
              pubkeys.get(v), batchEpoch - 1, batchEpoch, root(v, batchEpoch - 1, batchEpoch)));
    }
    nextBatch = requests;
  }

  /** One slot's attestations for 10,000 validators: check, record, one synced write. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public List<AttestationDecision> batch10kValidators() {
    final List<AttestationDecision> decisions = protection.checkAndRecordAttestations(nextBatch);
    if (!decisions.get(VALIDATORS - 1).decision().isAllowed()) {
      throw new IllegalStateException("benchmark request refused");
    }
    batchEpoch++;
    return decisions;
  }

  /** One new attestation for a validator outside the batch set: check plus synced write. */
  @Benchmark
  public SigningDecision singleCheckAndRecord() {
    final Pubkey pubkey = pubkeys.get(0);
    final byte[] other = pubkey.toBytes();
    other[47] ^= 0x55;
    final long epoch = singleEpoch++;
    return protection.checkAndRecordAttestation(
        new AttestationSigningRequest(
            Pubkey.of(other), epoch - 1, epoch, root(-1, epoch - 1, epoch)));
  }

  /** An identical re-sign: reads state and history, no write. */
  @Benchmark
  public SigningDecision singleRepeatCheck() {
    return protection.checkAndRecordAttestation(repeat);
  }

  /**
   * Baseline: the same volume as {@link #batch10kValidators} written straight to the store (10,000
   * entries of a 64-byte key and a 32-byte value, one synced batch) with no rules: the storage
   * floor of a batch.
   */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void rawBatchBaseline() {
    try (KvWriteBatch batch = store.startWriteBatch()) {
      final long epoch = rawEpoch++;
      for (int v = 0; v < VALIDATORS; v++) {
        batch.put(
            RAW,
            ByteBuffer.allocate(64)
                .put(pubkeys.get(v).toBytes())
                .putLong(epoch)
                .putLong(epoch - 1)
                .array(),
            BASELINE_VALUE);
      }
      batch.commit(Durability.SYNCED);
    }
  }

  /** Baseline: one synced write of a single small entry, the fsync floor of every record. */
  @Benchmark
  public void syncedWriteBaseline() {
    try (KvWriteBatch batch = store.startWriteBatch()) {
      batch.put(BASELINE, "baseline", BASELINE_VALUE);
      batch.commit(Durability.SYNCED);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private static Root root(final int validator, final long source, final long target) {
    return Root.of(
        ByteBuffer.allocate(Root.LENGTH).putInt(validator).putLong(source).putLong(target).array());
  }
}
