package io.dvc.slashing;

import io.dvc.storage.KvColumn;
import io.dvc.storage.KvSchema;
import io.dvc.storage.KvSerializer;
import io.dvc.storage.RocksDbKvStore;
import io.dvc.storage.RocksDbOptions;
import io.dvc.storage.StorageException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The slashing protection database layout (schema version 1). Keys start with the 48-byte pubkey so
 * one validator's history is one key range; slots and epochs are 8-byte big-endian, so keys sort by
 * slot or by (target, source).
 */
public final class SlashingSchema {
  /** Sub-directory of the node's data directory holding the database. */
  public static final String DIRECTORY = "slashing-protection";

  static final String GENESIS_VALIDATORS_ROOT = "genesis_validators_root";

  static final KvColumn<String, byte[]> METADATA =
      KvColumn.of("slashing_metadata", KvSerializer.UTF8, KvSerializer.BYTES);
  static final KvColumn<Pubkey, ValidatorState> VALIDATORS =
      KvColumn.of("slashing_validators", new PubkeySerializer(), new StateSerializer());
  static final KvColumn<BlockKey, Optional<Root>> BLOCKS =
      KvColumn.of("slashing_blocks", new BlockKeySerializer(), new RootSerializer());
  static final KvColumn<AttestationKey, Optional<Root>> ATTESTATIONS =
      KvColumn.of("slashing_attestations", new AttestationKeySerializer(), new RootSerializer());

  public static final KvSchema SCHEMA =
      new KvSchema(1, List.of(METADATA, VALIDATORS, BLOCKS, ATTESTATIONS));

  private SlashingSchema() {}

  /** Opens (creating if needed) the RocksDB database under {@code dataDir/slashing-protection}. */
  public static RocksDbKvStore openDatabase(final Path dataDir) throws StorageException {
    return RocksDbKvStore.open(dataDir.resolve(DIRECTORY), SCHEMA, RocksDbOptions.smallNode());
  }

  /**
   * Opens the database as {@link #openDatabase} does, in a store that reopens it after a failed
   * write (a full disk) instead of refusing every write until restarted.
   */
  public static io.dvc.storage.ReopeningKvStore openRecoverable(final Path dataDir)
      throws StorageException {
    return io.dvc.storage.ReopeningKvStore.open(() -> openDatabase(dataDir));
  }

  record BlockKey(Pubkey pubkey, long slot) {}

  record AttestationKey(Pubkey pubkey, long targetEpoch, long sourceEpoch) {}

  private static Pubkey readPubkey(final ByteBuffer buffer) {
    final byte[] pubkey = new byte[Pubkey.LENGTH];
    buffer.get(pubkey);
    return Pubkey.of(pubkey);
  }

  private static ByteBuffer exactly(final byte[] bytes, final int length, final String what) {
    if (bytes.length != length) {
      throw new StorageException(
          "corrupt " + what + ": expected " + length + " bytes but found " + bytes.length);
    }
    return ByteBuffer.wrap(bytes);
  }

  private static final class PubkeySerializer implements KvSerializer<Pubkey> {
    @Override
    public byte[] serialize(final Pubkey value) {
      return value.toBytes();
    }

    @Override
    public Pubkey deserialize(final byte[] bytes) {
      return readPubkey(exactly(bytes, Pubkey.LENGTH, "validator key"));
    }
  }

  private static final class BlockKeySerializer implements KvSerializer<BlockKey> {
    @Override
    public byte[] serialize(final BlockKey value) {
      return ByteBuffer.allocate(Pubkey.LENGTH + 8)
          .put(value.pubkey().bytesUnsafe())
          .putLong(value.slot())
          .array();
    }

    @Override
    public BlockKey deserialize(final byte[] bytes) {
      final ByteBuffer buffer = exactly(bytes, Pubkey.LENGTH + 8, "block key");
      return new BlockKey(readPubkey(buffer), buffer.getLong());
    }
  }

  private static final class AttestationKeySerializer implements KvSerializer<AttestationKey> {
    @Override
    public byte[] serialize(final AttestationKey value) {
      return ByteBuffer.allocate(Pubkey.LENGTH + 16)
          .put(value.pubkey().bytesUnsafe())
          .putLong(value.targetEpoch())
          .putLong(value.sourceEpoch())
          .array();
    }

    @Override
    public AttestationKey deserialize(final byte[] bytes) {
      final ByteBuffer buffer = exactly(bytes, Pubkey.LENGTH + 16, "attestation key");
      final Pubkey pubkey = readPubkey(buffer);
      final long target = buffer.getLong();
      return new AttestationKey(pubkey, target, buffer.getLong());
    }
  }

  /** An unknown root is stored as zero bytes, a known one as its 32 bytes. */
  private static final class RootSerializer implements KvSerializer<Optional<Root>> {
    @Override
    public byte[] serialize(final Optional<Root> value) {
      return value.map(Root::toBytes).orElse(new byte[0]);
    }

    @Override
    public Optional<Root> deserialize(final byte[] bytes) {
      if (bytes.length == 0) {
        return Optional.empty();
      }
      return Optional.of(Root.of(exactly(bytes, Root.LENGTH, "signing root").array()));
    }
  }

  /** A presence bitmap followed by six 8-byte values. */
  private static final class StateSerializer implements KvSerializer<ValidatorState> {
    private static final int LENGTH = 1 + 6 * 8;

    @Override
    public byte[] serialize(final ValidatorState state) {
      final OptionalLong[] fields = fields(state);
      final ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
      int present = 0;
      for (int i = 0; i < fields.length; i++) {
        present |= fields[i].isPresent() ? 1 << i : 0;
      }
      buffer.put((byte) present);
      for (final OptionalLong field : fields) {
        buffer.putLong(field.orElse(0));
      }
      return buffer.array();
    }

    @Override
    public ValidatorState deserialize(final byte[] bytes) {
      final ByteBuffer buffer = exactly(bytes, LENGTH, "validator state");
      final int present = buffer.get();
      final OptionalLong[] fields = new OptionalLong[6];
      for (int i = 0; i < fields.length; i++) {
        final long value = buffer.getLong();
        fields[i] = (present & (1 << i)) != 0 ? OptionalLong.of(value) : OptionalLong.empty();
      }
      return new ValidatorState(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    private static OptionalLong[] fields(final ValidatorState state) {
      return new OptionalLong[] {
        state.slotWatermark(),
        state.sourceEpochWatermark(),
        state.targetEpochWatermark(),
        state.maxSlot(),
        state.maxSourceEpoch(),
        state.maxTargetEpoch()
      };
    }
  }
}
