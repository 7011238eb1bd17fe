package io.dvc.p2p.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

/**
 * Noise transport frames outbound. Writes are gathered until flush, then encrypted in frames of at
 * most 65519 plaintext bytes (65535 with the tag), so many small writes share one frame.
 */
public final class NoiseFrameEncoder extends ChannelOutboundHandlerAdapter {
  public static final int MAX_PLAINTEXT =
      NoiseFrameDecoder.MAX_FRAME_LENGTH - CipherState.TAG_LENGTH;
  private final CipherState sender;
  private CompositeByteBuf pending;
  private List<ChannelPromise> promises = new ArrayList<>();

  public NoiseFrameEncoder(final CipherState sender) {
    this.sender = sender;
  }

  @Override
  public void write(
      final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.write(msg, promise);
      return;
    }
    if (pending == null) {
      pending = ctx.alloc().compositeBuffer(1024);
    }
    pending.addComponent(true, buf);
    if (!promise.isVoid()) {
      promises.add(promise);
    }
  }

  @Override
  public void flush(final ChannelHandlerContext ctx) {
    if (pending != null && pending.isReadable()) {
      ChannelFuture last = null;
      while (pending.isReadable()) {
        final int n = Math.min(MAX_PLAINTEXT, pending.readableBytes());
        final ByteBuf frame = ctx.alloc().heapBuffer(2 + n + CipherState.TAG_LENGTH);
        frame.writeShort(n + CipherState.TAG_LENGTH);
        final int base = frame.arrayOffset() + 2;
        pending.getBytes(pending.readerIndex(), frame.array(), base, n);
        sender.encryptInPlace(frame.array(), base, n);
        frame.writerIndex(2 + n + CipherState.TAG_LENGTH);
        pending.skipBytes(n);
        last = ctx.write(frame);
      }
      pending.discardReadComponents();
      final List<ChannelPromise> done = promises;
      promises = new ArrayList<>();
      if (!done.isEmpty()) {
        last.addListener(
            f -> {
              for (final ChannelPromise p : done) {
                if (f.isSuccess()) {
                  p.trySuccess();
                } else {
                  p.tryFailure(f.cause());
                }
              }
            });
      }
    }
    ctx.flush();
  }

  @Override
  public void handlerRemoved(final ChannelHandlerContext ctx) {
    if (pending != null) {
      ReferenceCountUtil.safeRelease(pending);
      pending = null;
    }
    final ClosedChannelException closed = new ClosedChannelException();
    promises.forEach(p -> p.tryFailure(closed));
    promises.clear();
    sender.destroy();
  }
}
