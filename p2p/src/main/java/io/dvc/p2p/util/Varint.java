package io.dvc.p2p.util;

import io.netty.buffer.ByteBuf;

/**
 * Unsigned varint (multiformats unsigned-varint): 7 bits per byte, least significant group first,
 * at most 9 bytes (63 bits), minimal encoding only.
 */
public final class Varint {
  /** Longest encoding allowed by the multiformats spec. */
  public static final int MAX_BYTES = 9;

  /** Returned by {@link #tryRead} when more bytes are needed. */
  public static final long NEED_MORE = -1;

  private Varint() {}

  public static int encodedLength(final long value) {
    int n = 1;
    long v = value >>> 7;
    while (v != 0) {
      n++;
      v >>>= 7;
    }
    return n;
  }

  public static void write(final ByteBuf out, final long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varint must be non-negative: " + value);
    }
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  public static byte[] encode(final long value) {
    final byte[] out = new byte[encodedLength(value)];
    long v = value;
    int i = 0;
    while ((v & ~0x7FL) != 0) {
      out[i++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[i] = (byte) v;
    return out;
  }

  /**
   * Reads a varint at the reader index without consuming on {@link #NEED_MORE}; consumes it
   * otherwise.
   *
   * @throws MalformedInputException when longer than {@code maxBytes}, over 63 bits or not minimal
   */
  public static long tryRead(final ByteBuf in, final int maxBytes) {
    final int start = in.readerIndex();
    final int available = in.readableBytes();
    long value = 0;
    for (int i = 0; i < Math.min(available, MAX_BYTES); i++) {
      final int b = in.getUnsignedByte(start + i);
      if (i >= maxBytes) {
        throw new MalformedInputException("varint longer than " + maxBytes + " bytes");
      }
      value |= ((long) (b & 0x7F)) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new MalformedInputException("varint not minimally encoded");
        }
        in.readerIndex(start + i + 1);
        return value;
      }
    }
    if (available >= MAX_BYTES || available >= maxBytes) {
      throw new MalformedInputException(
          "varint longer than " + Math.min(maxBytes, MAX_BYTES) + " bytes");
    }
    return NEED_MORE;
  }

  /** Reads a varint from a byte array at {@code pos[0]}, advancing it. */
  public static long read(final byte[] in, final int[] pos) {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (pos[0] >= in.length) {
        throw new MalformedInputException("truncated varint");
      }
      final int b = in[pos[0]++] & 0xFF;
      value |= ((long) (b & 0x7F)) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new MalformedInputException("varint not minimally encoded");
        }
        return value;
      }
    }
    throw new MalformedInputException("varint longer than " + MAX_BYTES + " bytes");
  }
}
