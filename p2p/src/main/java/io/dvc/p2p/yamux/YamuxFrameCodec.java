package io.dvc.p2p.yamux;

import io.dvc.p2p.util.MalformedInputException;
import io.netty.buffer.ByteBuf;

/**
 * Parses and bounds-checks yamux frames; nothing else. Waits for whole frames, rejects unknown
 * versions, types and flags, and data frames longer than the caller's limit.
 */
public final class YamuxFrameCodec {
  private static final int KNOWN_FLAGS =
      YamuxFrame.FLAG_SYN | YamuxFrame.FLAG_ACK | YamuxFrame.FLAG_FIN | YamuxFrame.FLAG_RST;

  private YamuxFrameCodec() {}

  /**
   * Decodes one frame, or returns null (consuming nothing) when more bytes are needed. A data
   * frame's payload is a retained slice that the caller must release.
   */
  public static YamuxFrame decode(final ByteBuf in, final long maxDataLength) {
    if (in.readableBytes() < YamuxFrame.HEADER_LENGTH) {
      return null;
    }
    final int i = in.readerIndex();
    final int version = in.getUnsignedByte(i);
    final int type = in.getUnsignedByte(i + 1);
    final int flags = in.getUnsignedShort(i + 2);
    final int streamId = in.getInt(i + 4);
    final long length = in.getUnsignedInt(i + 8);
    if (version != YamuxFrame.VERSION) {
      throw new MalformedInputException("yamux: version " + version + " unsupported");
    }
    if (type > YamuxFrame.TYPE_GO_AWAY) {
      throw new MalformedInputException("yamux: frame type " + type + " unknown");
    }
    if ((flags & ~KNOWN_FLAGS) != 0) {
      throw new MalformedInputException(
          "yamux: flags 0x" + Integer.toHexString(flags) + " unknown");
    }
    if (type == YamuxFrame.TYPE_DATA) {
      if (length > maxDataLength) {
        throw new MalformedInputException(
            "yamux: data frame of " + length + " bytes exceeds " + maxDataLength);
      }
      if (in.readableBytes() < YamuxFrame.HEADER_LENGTH + length) {
        return null;
      }
      in.skipBytes(YamuxFrame.HEADER_LENGTH);
      return new YamuxFrame(type, flags, streamId, length, in.readRetainedSlice((int) length));
    }
    in.skipBytes(YamuxFrame.HEADER_LENGTH);
    return new YamuxFrame(type, flags, streamId, length, null);
  }

  public static void writeHeader(
      final ByteBuf out, final int type, final int flags, final int streamId, final long length) {
    out.writeByte(YamuxFrame.VERSION);
    out.writeByte(type);
    out.writeShort(flags);
    out.writeInt(streamId);
    out.writeInt((int) length);
  }
}
