package io.dvc.p2p.noise;

import io.dvc.p2p.util.MalformedInputException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Noise transport frames inbound: a 2-byte big-endian length, then that many bytes of ciphertext
 * (at least the 16-byte tag). Emits the plaintext; a frame that fails authentication is an error.
 */
public final class NoiseFrameDecoder extends ByteToMessageDecoder {
  public static final int MAX_FRAME_LENGTH = 65535;
  private final CipherState receiver;

  public NoiseFrameDecoder(final CipherState receiver) {
    this.receiver = receiver;
  }

  @Override
  protected void decode(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> out) {
    while (in.readableBytes() >= 2) {
      final int length = in.getUnsignedShort(in.readerIndex());
      if (length < CipherState.TAG_LENGTH) {
        throw new MalformedInputException(
            "noise: frame of " + length + " bytes is shorter than its tag");
      }
      if (in.readableBytes() < 2 + length) {
        return;
      }
      in.skipBytes(2);
      final int plainLength = length - CipherState.TAG_LENGTH;
      final ByteBuf plain = ctx.alloc().heapBuffer(length);
      final int base = plain.arrayOffset();
      in.readBytes(plain.array(), base, length);
      if (!receiver.decryptInPlace(plain.array(), base, plainLength)) {
        plain.release();
        throw new MalformedInputException("noise: frame failed authentication");
      }
      plain.writerIndex(plainLength);
      if (plainLength == 0) {
        plain.release();
      } else {
        out.add(plain);
      }
    }
  }

  @Override
  protected void handlerRemoved0(final ChannelHandlerContext ctx) {
    receiver.destroy();
  }
}
