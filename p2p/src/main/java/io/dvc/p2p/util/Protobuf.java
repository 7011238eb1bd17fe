package io.dvc.p2p.util;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The subset of the protobuf wire format used by libp2p messages (varint and length-delimited
 * fields). Writes fields in the order given, which is the deterministic encoding that peer ids
 * depend on.
 */
public final class Protobuf {
  private static final int WIRE_VARINT = 0;
  private static final int WIRE_I64 = 1;
  private static final int WIRE_LEN = 2;
  private static final int WIRE_I32 = 5;

  private Protobuf() {}

  /** One decoded field: {@code bytes} for length-delimited, {@code value} for varints. */
  public record Field(int number, int wireType, long value, byte[] bytes) {
    public String string() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Parses a whole message; throws {@link MalformedInputException} on any structural error. */
  public static List<Field> parse(final byte[] message) {
    final List<Field> fields = new ArrayList<>();
    final int[] pos = {0};
    while (pos[0] < message.length) {
      final long key = Varint.read(message, pos);
      final int number = (int) (key >>> 3);
      final int wireType = (int) (key & 7);
      if (number <= 0 || (key >>> 3) > 0x1FFFFFFF) {
        throw new MalformedInputException("protobuf field number " + (key >>> 3) + " invalid");
      }
      switch (wireType) {
        case WIRE_VARINT ->
            fields.add(new Field(number, wireType, Varint.read(message, pos), null));
        case WIRE_LEN -> {
          final long len = Varint.read(message, pos);
          if (len > message.length - pos[0]) {
            throw new MalformedInputException("protobuf field " + number + " truncated");
          }
          final byte[] b = new byte[(int) len];
          System.arraycopy(message, pos[0], b, 0, b.length);
          pos[0] += b.length;
          fields.add(new Field(number, wireType, 0, b));
        }
        case WIRE_I64 -> skip(message, pos, 8, number);
        case WIRE_I32 -> skip(message, pos, 4, number);
        default ->
            throw new MalformedInputException("protobuf wire type " + wireType + " unsupported");
      }
    }
    return fields;
  }

  private static void skip(final byte[] message, final int[] pos, final int n, final int number) {
    if (message.length - pos[0] < n) {
      throw new MalformedInputException("protobuf field " + number + " truncated");
    }
    pos[0] += n;
  }

  /** Builds a message field by field. */
  public static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Writer varint(final int number, final long value) {
      out.writeBytes(Varint.encode(((long) number << 3) | WIRE_VARINT));
      out.writeBytes(Varint.encode(value));
      return this;
    }

    public Writer bytes(final int number, final byte[] value) {
      out.writeBytes(Varint.encode(((long) number << 3) | WIRE_LEN));
      out.writeBytes(Varint.encode(value.length));
      out.writeBytes(value);
      return this;
    }

    public Writer string(final int number, final String value) {
      return bytes(number, value.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
