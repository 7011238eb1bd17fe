package io.dvc.p2p;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * The first handler of a connection's pipeline: counts the bytes read and written on the socket.
 * Until the peer is known (before Noise authenticates it) the counts are kept here; {@link #bind}
 * hands them to the peer's {@link PeerTraffic}, which then counts on. Runs on the channel's event
 * loop; {@code bind} may come from the same loop only.
 */
final class TrafficCounter extends ChannelDuplexHandler {
  private long pendingSent;
  private long pendingReceived;
  private PeerTraffic peer;

  void bind(final PeerTraffic traffic) {
    traffic.addSent(pendingSent);
    traffic.addReceived(pendingReceived);
    pendingSent = 0;
    pendingReceived = 0;
    peer = traffic;
  }

  @Override
  public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
    if (msg instanceof ByteBuf buf) {
      if (peer != null) {
        peer.addReceived(buf.readableBytes());
      } else {
        pendingReceived += buf.readableBytes();
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(
      final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise) {
    if (msg instanceof ByteBuf buf) {
      if (peer != null) {
        peer.addSent(buf.readableBytes());
      } else {
        pendingSent += buf.readableBytes();
      }
    }
    ctx.write(msg, promise);
  }
}
