package io.dvc.p2p.messaging;

import io.dvc.p2p.util.MalformedInputException;
import io.dvc.p2p.util.Varint;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte stream into unsigned-varint length-prefixed messages of at most {@code maxLength}
 * bytes. Keeps partial input between calls (copied; the caller keeps ownership of what it feeds).
 */
public final class LengthPrefixedDecoder {
  private final int maxLength;
  private byte[] partial = new byte[0];
  private int partialLength;

  public LengthPrefixedDecoder(final int maxLength) {
    this.maxLength = maxLength;
  }

  /** Returns the messages completed by {@code in}; throws on a malformed or oversized prefix. */
  public List<byte[]> feed(final ByteBuf in) {
    final List<byte[]> out = new ArrayList<>();
    append(in);
    int pos = 0;
    while (pos < partialLength) {
      final int[] p = {pos};
      final long length = readLength(p);
      if (length < 0) {
        break;
      }
      if (length > maxLength) {
        throw new MalformedInputException(
            "message of " + length + " bytes exceeds the limit of " + maxLength);
      }
      if (partialLength - p[0] < length) {
        break;
      }
      final byte[] m = new byte[(int) length];
      System.arraycopy(partial, p[0], m, 0, m.length);
      out.add(m);
      pos = p[0] + m.length;
    }
    System.arraycopy(partial, pos, partial, 0, partialLength - pos);
    partialLength -= pos;
    return out;
  }

  /** True when no partial message is buffered. */
  public boolean isEmpty() {
    return partialLength == 0;
  }

  private long readLength(final int[] p) {
    long value = 0;
    for (int i = 0; i < Varint.MAX_BYTES; i++) {
      if (p[0] >= partialLength) {
        return -1;
      }
      final int b = partial[p[0]++] & 0xFF;
      value |= ((long) (b & 0x7F)) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new MalformedInputException("length prefix not minimally encoded");
        }
        return value;
      }
      if (value > maxLength) {
        throw new MalformedInputException("message length exceeds the limit of " + maxLength);
      }
    }
    throw new MalformedInputException("length prefix longer than " + Varint.MAX_BYTES + " bytes");
  }

  private void append(final ByteBuf in) {
    final int n = in.readableBytes();
    if (partialLength + n > partial.length) {
      final long wanted = Math.max((long) partial.length * 2, (long) partialLength + n);
      final long cap = Math.min(wanted, (long) maxLength + Varint.MAX_BYTES + n);
      final byte[] bigger = new byte[(int) Math.max(cap, partialLength + n)];
      System.arraycopy(partial, 0, bigger, 0, partialLength);
      partial = bigger;
    }
    in.readBytes(partial, partialLength, n);
    partialLength += n;
  }

  /** Encodes one message with its varint length prefix. */
  public static byte[] frame(final byte[] message) {
    final byte[] prefix = Varint.encode(message.length);
    final byte[] out = new byte[prefix.length + message.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(message, 0, out, prefix.length, message.length);
    return out;
  }
}
