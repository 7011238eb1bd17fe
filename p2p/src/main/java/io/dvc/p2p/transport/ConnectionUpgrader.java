package io.dvc.p2p.transport;

import io.dvc.p2p.PeerId;
import io.dvc.p2p.multistream.MultistreamNegotiator;
import io.dvc.p2p.noise.NoiseFrameDecoder;
import io.dvc.p2p.noise.NoiseFrameEncoder;
import io.dvc.p2p.noise.NoiseIdentity;
import io.dvc.p2p.noise.NoiseXXHandshake;
import io.dvc.p2p.util.LogRateLimiter;
import io.dvc.p2p.util.MalformedInputException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw TCP to secured connection: multistream-selects {@code /noise}, runs the Noise XX handshake
 * (2-byte length-prefixed messages), asks the gate, then replaces itself with the Noise frame codec
 * and the muxer handler, handing over any bytes that arrived early. Strictly sequential: nothing is
 * forwarded before the handshake is complete.
 */
public final class ConnectionUpgrader extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionUpgrader.class);

  /** Handshake failures come from anyone who can connect: a few lines a second at most. */
  private static final LogRateLimiter FAILURE_LOG = LogRateLimiter.perSecond(5);

  private static final int MAX_HANDSHAKE_MESSAGE = 65535;

  /** Decides what follows a finished handshake. */
  public interface Listener {
    /**
     * Called once the remote identity is authenticated. Returns the muxer handler to install, or
     * null to refuse the peer (the connection is then closed).
     */
    ChannelHandler onSecured(ChannelHandlerContext ctx, PeerId remotePeer, boolean initiator);

    /** The upgrade failed; {@code reason} is already logged. */
    void onFailed(ChannelHandlerContext ctx, String reason);
  }

  private final boolean initiator;
  private final NoiseXXHandshake handshake;
  private final MultistreamNegotiator securityNegotiator;
  private final Duration timeout;
  private final Listener listener;
  private ByteBuf cumulation;
  private boolean securing;
  private boolean finished;
  private boolean failed;
  private ScheduledFuture<?> timeoutTask;

  public ConnectionUpgrader(
      final NoiseIdentity key,
      final boolean initiator,
      final PeerId expectedRemote,
      final Duration timeout,
      final Listener listener) {
    this.initiator = initiator;
    this.handshake =
        initiator
            ? NoiseXXHandshake.initiator(key, expectedRemote)
            : NoiseXXHandshake.responder(key);
    this.securityNegotiator =
        initiator
            ? MultistreamNegotiator.initiator(List.of(NoiseXXHandshake.PROTOCOL_ID))
            : MultistreamNegotiator.listener(Set.of(NoiseXXHandshake.PROTOCOL_ID));
    this.timeout = timeout;
    this.listener = listener;
  }

  @Override
  public void handlerAdded(final ChannelHandlerContext ctx) {
    timeoutTask =
        ctx.executor()
            .schedule(
                () -> fail(ctx, "handshake not finished within " + timeout.toMillis() + " ms"),
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(final ChannelHandlerContext ctx) {
    start(ctx);
    ctx.fireChannelActive();
  }

  private boolean started;

  private void start(final ChannelHandlerContext ctx) {
    if (started) {
      return;
    }
    started = true;
    ctx.writeAndFlush(Unpooled.wrappedBuffer(securityNegotiator.start()));
  }

  @Override
  public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
    if (!(msg instanceof ByteBuf in) || finished) {
      ReferenceCountUtil.release(msg);
      return;
    }
    cumulation =
        cumulation == null
            ? in
            : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
    try {
      if (!securing) {
        negotiateSecurity(ctx);
      }
      if (securing && !finished) {
        runHandshake(ctx);
      }
    } catch (final MalformedInputException e) {
      fail(ctx, e.getMessage());
    } catch (final RuntimeException e) {
      fail(ctx, "internal error: " + e);
    }
  }

  private void negotiateSecurity(final ChannelHandlerContext ctx) {
    final MultistreamNegotiator.Step step = securityNegotiator.feed(cumulation);
    if (step.toSend().length > 0) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(step.toSend()));
    }
    switch (step.status()) {
      case IN_PROGRESS -> {}
      case FAILED -> throw new MalformedInputException("security negotiation: " + step.failure());
      case SELECTED -> {
        securing = true;
        if (handshake.isMyTurnToWrite()) {
          writeHandshake(ctx, handshake.writeMessage());
        }
      }
    }
  }

  private void runHandshake(final ChannelHandlerContext ctx) {
    while (!handshake.isDone() && cumulation.readableBytes() >= 2) {
      final int length = cumulation.getUnsignedShort(cumulation.readerIndex());
      if (cumulation.readableBytes() < 2 + length) {
        return;
      }
      cumulation.skipBytes(2);
      final byte[] message = new byte[length];
      cumulation.readBytes(message);
      handshake.readMessage(message);
      if (handshake.isMyTurnToWrite()) {
        writeHandshake(ctx, handshake.writeMessage());
      }
    }
    if (handshake.isDone()) {
      complete(ctx);
    }
  }

  private void writeHandshake(final ChannelHandlerContext ctx, final byte[] message) {
    if (message.length > MAX_HANDSHAKE_MESSAGE) {
      throw new IllegalStateException("handshake message too long");
    }
    final ByteBuf out = ctx.alloc().buffer(2 + message.length);
    out.writeShort(message.length);
    out.writeBytes(message);
    ctx.writeAndFlush(out);
  }

  private void complete(final ChannelHandlerContext ctx) {
    finished = true;
    timeoutTask.cancel(false);
    final NoiseXXHandshake.Result result = handshake.result();
    final ChannelHandler muxer = listener.onSecured(ctx, result.remotePeer(), initiator);
    if (muxer == null) {
      result.sender().destroy();
      result.receiver().destroy();
      releaseCumulation();
      ctx.close();
      return;
    }
    final String name = ctx.name();
    ctx.pipeline().addAfter(name, "noise-decoder", new NoiseFrameDecoder(result.receiver()));
    ctx.pipeline()
        .addAfter("noise-decoder", "noise-encoder", new NoiseFrameEncoder(result.sender()));
    // Many small stream writes between two flushes then share one Noise frame.
    ctx.pipeline()
        .addAfter("noise-encoder", "flush-consolidation", new FlushConsolidationHandler(256, true));
    ctx.pipeline().addAfter("flush-consolidation", "muxer", muxer);
    final ByteBuf rest = cumulation;
    cumulation = null;
    if (rest.isReadable()) {
      ctx.fireChannelRead(rest);
    } else {
      rest.release();
    }
    ctx.pipeline().remove(this);
  }

  private void fail(final ChannelHandlerContext ctx, final String reason) {
    if (failed || ctx.isRemoved()) {
      return;
    }
    failed = true;
    finished = true;
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
    }
    FAILURE_LOG
        .tryAcquire()
        .ifPresent(
            dropped ->
                LOG.info(
                    "p2p connection {} ({}) closed during upgrade: {}{}",
                    ctx.channel().remoteAddress(),
                    initiator ? "outbound" : "inbound",
                    reason,
                    LogRateLimiter.suffix(dropped)));
    releaseCumulation();
    listener.onFailed(ctx, reason);
    ctx.close();
  }

  private void releaseCumulation() {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
  }

  @Override
  public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
    fail(ctx, cause.toString());
  }

  @Override
  public void channelInactive(final ChannelHandlerContext ctx) {
    if (!finished) {
      fail(ctx, "closed by peer during handshake");
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(final ChannelHandlerContext ctx) {
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
    }
    releaseCumulation();
  }
}
