package io.dvc.beaconsim;

import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Sha256;
import io.dvc.spec.types.ExecutionPayload;
import io.dvc.spec.types.ExecutionPayloadCapella;
import io.dvc.spec.types.ExecutionPayloadDeneb;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic stand-in for the execution layer and for an external builder: payloads with no
 * transactions, chained by block hash, and for Deneb on a number of blobs whose bytes, KZG
 * commitments and proofs are <b>fake</b> (derived by hashing; they are not valid KZG values and
 * nothing here verifies them). The builder's payload differs from the local one (extra_data, hash)
 * and is worth more.
 */
final class MockExecution {
  /** execution_payload_value of the local payload, in Wei (0.01 ETH). */
  static final BigInteger LOCAL_VALUE = BigInteger.TEN.pow(16);

  /** execution_payload_value of the builder's payload, in Wei (0.02 ETH). */
  static final BigInteger BUILDER_VALUE = BigInteger.TWO.multiply(LOCAL_VALUE);

  /** consensus_block_value of every produced block, in Wei. */
  static final BigInteger CONSENSUS_VALUE = BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(15));

  static final long GAS_LIMIT = 36_000_000L;
  static final long GAS_PER_BLOB = 1L << 17;

  /** Cell proofs per blob from Fulu on (CELLS_PER_EXT_BLOB). */
  static final int CELLS_PER_EXT_BLOB = 128;

  /** A payload with its blobs: commitments go in the body, proofs and blobs in BlockContents. */
  record Payload(
      ExecutionPayload payload,
      List<Bytes> commitments,
      List<Bytes> proofs,
      List<Bytes> blobs,
      BigInteger value) {
    Payload {
      commitments = List.copyOf(commitments);
      proofs = List.copyOf(proofs);
      blobs = List.copyOf(blobs);
    }
  }

  private final Preset preset;
  private final Bytes chainTag;

  MockExecution(final Preset preset, final Bytes genesisValidatorsRoot) {
    this.preset = preset;
    this.chainTag = genesisValidatorsRoot;
  }

  /**
   * The payload for a block at {@code slot}.
   *
   * @param parentHash the execution block hash of the parent beacon block
   * @param prevRandao the randao mix the payload must carry
   * @param builder the builder's payload rather than the local one
   */
  Payload build(
      final ForkName fork,
      final long slot,
      final long timestamp,
      final Bytes parentHash,
      final Bytes feeRecipient,
      final Bytes prevRandao,
      final int blobCount,
      final boolean builder) {
    final String variant = builder ? "builder" : "local";
    final int blobs = fork.isAtLeast(ForkName.DENEB) ? blobCount : 0;
    final ByteBuffer id = ByteBuffer.allocate(32 + 8 + 20 + 32 + 4).order(ByteOrder.LITTLE_ENDIAN);
    id.put(chainTag.toArray()).putLong(slot).put(feeRecipient.toArray());
    id.put(parentHash.toArray()).putInt(blobs);
    final Bytes blockHash = hash(variant + "/block_hash", id.array());
    final Bytes stateRoot = hash(variant + "/state_root", id.array());
    final Bytes receiptsRoot = hash(variant + "/receipts_root", id.array());
    final Bytes extraData =
        Bytes.of(("dvc-beacon-sim " + variant).getBytes(StandardCharsets.US_ASCII));
    final Bytes logsBloom = Bytes.zero((int) preset.bytesPerLogsBloom());
    final BigInteger baseFee = BigInteger.valueOf(7);
    final List<Bytes> commitments = new ArrayList<>();
    final List<Bytes> proofs = new ArrayList<>();
    final List<Bytes> blobList = new ArrayList<>();
    for (int i = 0; i < blobs; i++) {
      final byte[] blobId = ByteBuffer.allocate(36).put(blockHash.toArray()).putInt(i).array();
      blobList.add(fakeBlob(hash("blob", blobId)));
      commitments.add(fakeG1(hash("commitment", blobId)));
      final int proofCount = fork.isAtLeast(ForkName.FULU) ? CELLS_PER_EXT_BLOB : 1;
      for (int cell = 0; cell < proofCount; cell++) {
        final byte[] proofId = ByteBuffer.allocate(40).put(blobId).putInt(cell).array();
        proofs.add(fakeG1(hash("proof", proofId)));
      }
    }
    final ExecutionPayload payload =
        fork.isAtLeast(ForkName.DENEB)
            ? new ExecutionPayloadDeneb(
                parentHash,
                feeRecipient,
                stateRoot,
                receiptsRoot,
                logsBloom,
                prevRandao,
                slot,
                GAS_LIMIT,
                0,
                timestamp,
                extraData,
                baseFee,
                blockHash,
                List.of(),
                List.of(),
                blobs * GAS_PER_BLOB,
                0)
            : new ExecutionPayloadCapella(
                parentHash,
                feeRecipient,
                stateRoot,
                receiptsRoot,
                logsBloom,
                prevRandao,
                slot,
                GAS_LIMIT,
                0,
                timestamp,
                extraData,
                baseFee,
                blockHash,
                List.of(),
                List.of());
    return new Payload(
        payload, commitments, proofs, blobList, builder ? BUILDER_VALUE : LOCAL_VALUE);
  }

  /** A blob of field elements below the modulus: the seed with the element's index, top byte 0. */
  private Bytes fakeBlob(final Bytes seed) {
    final byte[] blob = new byte[preset.bytesPerBlob()];
    final byte[] element = seed.toArray();
    element[0] = 0;
    for (int offset = 0, index = 0; offset < blob.length; offset += 32, index++) {
      System.arraycopy(element, 0, blob, offset, 32);
      blob[offset + 1] = (byte) (index >>> 8);
      blob[offset + 2] = (byte) index;
    }
    return Bytes.of(blob);
  }

  /** 48 bytes shaped like a compressed G1 point (compression flag set); not a real point. */
  private static Bytes fakeG1(final Bytes seed) {
    final byte[] bytes = new byte[48];
    System.arraycopy(seed.toArray(), 0, bytes, 0, 32);
    System.arraycopy(Sha256.hash(seed.toArray()), 0, bytes, 32, 16);
    bytes[0] = (byte) (0x80 | (bytes[0] & 0x1f));
    return Bytes.of(bytes);
  }

  private static Bytes hash(final String tag, final byte[] data) {
    final byte[] label = tag.getBytes(StandardCharsets.US_ASCII);
    final byte[] input = new byte[label.length + data.length];
    System.arraycopy(label, 0, input, 0, label.length);
    System.arraycopy(data, 0, input, label.length, data.length);
    return Bytes.of(Sha256.hash(input));
  }
}
