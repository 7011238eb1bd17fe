package io.dvc.consensus.message;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.dvc.consensus.Digest;
import io.dvc.consensus.InstanceId;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The signed part of every QBFT message.
 *
 * <pre>
 * message Payload {
 *   uint32 type = 1;            // MessageType wire number
 *   uint64 height = 2;
 *   uint32 duty_kind = 3;
 *   uint32 round = 4;           // >= 1
 *   uint32 sender = 5;          // operator index >= 1
 *   bytes digest = 6;           // 32 bytes; empty only in an unprepared ROUND_CHANGE
 *   uint32 prepared_round = 7;  // ROUND_CHANGE only; 0 = not prepared, else < round
 * }
 * </pre>
 *
 * Canonical: fields in number order, zero values omitted, minimal varints.
 *
 * @param digest the value digest; for ROUND_CHANGE the prepared digest or null
 */
public record Payload(
    MessageType type,
    InstanceId instance,
    int round,
    int sender,
    Digest digest,
    int preparedRound) {

  public Payload {
    if (type == null || instance == null) {
      throw new IllegalArgumentException("payload type and instance are required");
    }
    if (round < 1) {
      throw new IllegalArgumentException("round must be >= 1, got " + round);
    }
    if (sender < 1) {
      throw new IllegalArgumentException("sender must be >= 1, got " + sender);
    }
    if (type == MessageType.ROUND_CHANGE) {
      if (preparedRound < 0 || preparedRound >= round) {
        throw new IllegalArgumentException(
            "prepared round must be in [0, round), got " + preparedRound + " in round " + round);
      }
      if ((preparedRound == 0) != (digest == null)) {
        throw new IllegalArgumentException(
            "round change must carry a digest exactly when prepared (prepared round "
                + preparedRound
                + ")");
      }
    } else {
      if (digest == null) {
        throw new IllegalArgumentException(type + " needs a digest");
      }
      if (preparedRound != 0) {
        throw new IllegalArgumentException(type + " must not carry a prepared round");
      }
    }
  }

  public static Payload of(
      final MessageType type,
      final InstanceId instance,
      final int round,
      final int sender,
      final Digest digest) {
    return new Payload(type, instance, round, sender, digest, 0);
  }

  public static Payload roundChange(
      final InstanceId instance,
      final int round,
      final int sender,
      final int preparedRound,
      final Digest preparedDigest) {
    return new Payload(
        MessageType.ROUND_CHANGE, instance, round, sender, preparedDigest, preparedRound);
  }

  public boolean isPrepared() {
    return preparedRound > 0;
  }

  /** The canonical protobuf encoding. */
  public byte[] encode() {
    try {
      final byte[] out = new byte[encodedSize()];
      final CodedOutputStream cos = CodedOutputStream.newInstance(out);
      cos.writeUInt32(1, type.wire());
      if (instance.height() != 0) {
        cos.writeUInt64(2, instance.height());
      }
      if (instance.dutyKind() != 0) {
        cos.writeUInt32(3, instance.dutyKind());
      }
      cos.writeUInt32(4, round);
      cos.writeUInt32(5, sender);
      if (digest != null) {
        cos.writeByteArray(6, digestBytes());
      }
      if (preparedRound != 0) {
        cos.writeUInt32(7, preparedRound);
      }
      cos.checkNoSpaceLeft();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] digestBytes() {
    return digest.toArray();
  }

  private int encodedSize() {
    int size = CodedOutputStream.computeUInt32Size(1, type.wire());
    if (instance.height() != 0) {
      size += CodedOutputStream.computeUInt64Size(2, instance.height());
    }
    if (instance.dutyKind() != 0) {
      size += CodedOutputStream.computeUInt32Size(3, instance.dutyKind());
    }
    size += CodedOutputStream.computeUInt32Size(4, round);
    size += CodedOutputStream.computeUInt32Size(5, sender);
    if (digest != null) {
      size += CodedOutputStream.computeBytesSize(6, ByteString.empty()) + Digest.LENGTH;
    }
    if (preparedRound != 0) {
      size += CodedOutputStream.computeUInt32Size(7, preparedRound);
    }
    return size;
  }

  @Override
  public String toString() {
    return type
        + "{"
        + instance
        + " r"
        + round
        + " from "
        + sender
        + (digest == null ? "" : " " + digest)
        + (preparedRound == 0 ? "" : " pr" + preparedRound)
        + "}";
  }
}
