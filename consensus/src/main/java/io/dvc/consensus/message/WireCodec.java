package io.dvc.consensus.message;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.dvc.consensus.Digest;
import io.dvc.consensus.InstanceId;
import io.dvc.consensus.Value;
import io.dvc.consensus.ValueHasher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Canonical protobuf encoding of {@link QbftMessage}.
 *
 * <pre>
 * message Signed { bytes payload = 1; bytes signature = 2; }   // payload: canonical Payload
 * message QbftWire {
 *   Signed msg = 1;
 *   bytes value = 2;
 *   repeated Signed round_changes = 3;
 *   repeated Signed prepares = 4;
 *   repeated Signed commits = 5;
 * }
 * </pre>
 *
 * Decoding rejects anything over the limits, unknown fields, and any encoding that is not exactly
 * the canonical one (field order, omitted defaults, minimal varints): it re-encodes what it read
 * and compares. Signatures are not checked here.
 */
public final class WireCodec {
  private final WireLimits limits;
  private final ValueHasher hasher;

  public WireCodec(final WireLimits limits, final ValueHasher hasher) {
    this.limits = limits;
    this.hasher = hasher;
  }

  public WireLimits limits() {
    return limits;
  }

  /** The canonical encoding. */
  public byte[] encode(final QbftMessage message) {
    try {
      final byte[] out = new byte[encodedSize(message)];
      final CodedOutputStream cos = CodedOutputStream.newInstance(out);
      writeSigned(cos, 1, message.signed());
      if (message.value() != null) {
        cos.writeByteArray(2, message.value().unsafeBytes());
      }
      for (SignedPayload s : message.roundChanges()) {
        writeSigned(cos, 3, s);
      }
      for (SignedPayload s : message.prepares()) {
        writeSigned(cos, 4, s);
      }
      for (SignedPayload s : message.commits()) {
        writeSigned(cos, 5, s);
      }
      cos.checkNoSpaceLeft();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Encoded size in bytes. */
  public int encodedSize(final QbftMessage message) {
    int size = lengthDelimitedSize(1, signedSize(message.signed()));
    if (message.value() != null) {
      size += lengthDelimitedSize(2, message.value().length());
    }
    size += listSize(3, message.roundChanges());
    size += listSize(4, message.prepares());
    size += listSize(5, message.commits());
    return size;
  }

  /**
   * Decodes a message.
   *
   * @throws WireFormatException naming the field and reason
   */
  public QbftMessage decode(final byte[] bytes) throws WireFormatException {
    if (bytes == null || bytes.length == 0) {
      throw new WireFormatException("empty QBFT message");
    }
    if (bytes.length > limits.maxMessageBytes()) {
      throw new WireFormatException(
          "QBFT message of " + bytes.length + " bytes exceeds " + limits.maxMessageBytes());
    }
    final QbftMessage message;
    try {
      message = read(CodedInputStream.newInstance(bytes));
    } catch (IOException | IllegalArgumentException e) {
      // protobuf's own errors and the value types' checks; anything else is a bug to surface
      throw new WireFormatException("malformed QBFT message: " + e.getMessage());
    }
    if (!Arrays.equals(encode(message), bytes)) {
      throw new WireFormatException("QBFT message is not canonically encoded");
    }
    return message;
  }

  private QbftMessage read(final CodedInputStream in) throws IOException, WireFormatException {
    in.setSizeLimit(limits.maxMessageBytes());
    SignedPayload signed = null;
    Value value = null;
    final List<SignedPayload> roundChanges = new ArrayList<>();
    final List<SignedPayload> prepares = new ArrayList<>();
    final List<SignedPayload> commits = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        throw new WireFormatException("field " + WireFormat.getTagFieldNumber(tag) + " wire type");
      }
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> {
          if (signed != null) {
            throw new WireFormatException("field msg repeated");
          }
          signed = readSigned(in, "msg");
        }
        case 2 -> {
          if (value != null) {
            throw new WireFormatException("field value repeated");
          }
          final int len = in.readRawVarint32();
          if (len < 0 || len > limits.maxValueBytes()) {
            throw new WireFormatException(
                "value of " + len + " bytes exceeds " + limits.maxValueBytes());
          }
          value = Value.of(in.readRawBytes(len), hasher);
        }
        case 3 -> addLimited(roundChanges, readSigned(in, "round_changes"), "round_changes");
        case 4 -> addLimited(prepares, readSigned(in, "prepares"), "prepares");
        case 5 -> addLimited(commits, readSigned(in, "commits"), "commits");
        default ->
            throw new WireFormatException(
                "unknown field " + WireFormat.getTagFieldNumber(tag) + " in QBFT message");
      }
    }
    if (signed == null) {
      throw new WireFormatException("field msg missing");
    }
    return new QbftMessage(signed, value, roundChanges, prepares, commits);
  }

  private void addLimited(
      final List<SignedPayload> list, final SignedPayload item, final String field)
      throws WireFormatException {
    if (list.size() >= limits.maxJustification()) {
      throw new WireFormatException(
          "field " + field + " has more than " + limits.maxJustification() + " entries");
    }
    list.add(item);
  }

  private SignedPayload readSigned(final CodedInputStream in, final String field)
      throws IOException, WireFormatException {
    final int len = in.readRawVarint32();
    if (len < 0 || len > WireLimits.MAX_PAYLOAD_BYTES + limits.maxSignatureBytes() + 8) {
      throw new WireFormatException("field " + field + " too long: " + len + " bytes");
    }
    final int old = in.pushLimit(len);
    byte[] payloadBytes = null;
    byte[] signature = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      final int number = WireFormat.getTagFieldNumber(tag);
      if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        throw new WireFormatException("field " + field + "." + number + " wire type");
      }
      if (number == 1 && payloadBytes == null) {
        payloadBytes = in.readByteArray();
      } else if (number == 2 && signature == null) {
        signature = in.readByteArray();
      } else {
        throw new WireFormatException("unexpected field " + field + "." + number);
      }
    }
    in.popLimit(old);
    if (payloadBytes == null || signature == null || signature.length == 0) {
      throw new WireFormatException("field " + field + " lacks payload or signature");
    }
    if (signature.length > limits.maxSignatureBytes()) {
      throw new WireFormatException(
          "field " + field + " signature of " + signature.length + " bytes is too long");
    }
    final Payload payload = decodePayload(payloadBytes, field);
    return new SignedPayload(payload, payloadBytes, signature);
  }

  /** Decodes a canonical payload encoding. */
  static Payload decodePayload(final byte[] bytes, final String field) throws WireFormatException {
    if (bytes.length > WireLimits.MAX_PAYLOAD_BYTES) {
      throw new WireFormatException("field " + field + " payload too long");
    }
    final Payload payload;
    try {
      payload = readPayload(CodedInputStream.newInstance(bytes), field);
    } catch (IOException | IllegalArgumentException e) {
      throw new WireFormatException("field " + field + " payload invalid: " + e.getMessage());
    }
    if (!Arrays.equals(payload.encode(), bytes)) {
      throw new WireFormatException("field " + field + " payload not canonical");
    }
    return payload;
  }

  private static Payload readPayload(final CodedInputStream in, final String field)
      throws IOException, WireFormatException {
    int type = 0;
    long height = 0;
    int duty = 0;
    int round = 0;
    int sender = 0;
    byte[] digest = null;
    int preparedRound = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      final int number = WireFormat.getTagFieldNumber(tag);
      final int wireType = WireFormat.getTagWireType(tag);
      if (number == 6) {
        if (wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          throw new WireFormatException("digest wire type");
        }
        digest = in.readByteArray();
        continue;
      }
      if (wireType != WireFormat.WIRETYPE_VARINT) {
        throw new WireFormatException("field " + number + " wire type");
      }
      switch (number) {
        case 1 -> type = in.readUInt32();
        case 2 -> height = in.readUInt64();
        case 3 -> duty = in.readUInt32();
        case 4 -> round = in.readUInt32();
        case 5 -> sender = in.readUInt32();
        case 7 -> preparedRound = in.readUInt32();
        default -> throw new WireFormatException("unknown payload field " + number);
      }
    }
    final MessageType messageType = MessageType.fromWire(type);
    if (messageType == null) {
      throw new WireFormatException("unknown message type " + type);
    }
    final Digest d = digest == null ? null : Digest.of(digest);
    return new Payload(messageType, new InstanceId(height, duty), round, sender, d, preparedRound);
  }

  private static void writeSigned(
      final CodedOutputStream cos, final int field, final SignedPayload s) throws IOException {
    cos.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    cos.writeUInt32NoTag(signedSize(s));
    cos.writeByteArray(1, s.unsafeEncoded());
    cos.writeByteArray(2, s.unsafeSignature());
  }

  private static int signedSize(final SignedPayload s) {
    return lengthDelimitedSize(1, s.unsafeEncoded().length)
        + lengthDelimitedSize(2, s.unsafeSignature().length);
  }

  private static int listSize(final int field, final List<SignedPayload> list) {
    int size = 0;
    for (SignedPayload s : list) {
      size += lengthDelimitedSize(field, signedSize(s));
    }
    return size;
  }

  private static int lengthDelimitedSize(final int field, final int length) {
    return CodedOutputStream.computeTagSize(field)
        + CodedOutputStream.computeUInt32SizeNoTag(length)
        + length;
  }
}
