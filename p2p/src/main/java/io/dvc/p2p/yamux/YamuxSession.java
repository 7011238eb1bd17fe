package io.dvc.p2p.yamux;

import io.dvc.p2p.P2PLimits;
import io.dvc.p2p.P2PStream;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.ProtocolHandler;
import io.dvc.p2p.multistream.MultistreamNegotiator;
import io.dvc.p2p.util.MalformedInputException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A yamux session over a secured channel: first multistream-selects {@value #PROTOCOL_ID}, then
 * runs streams (SYN/ACK/FIN/RST, windows), pings and go-away. Any protocol violation sends a
 * go-away, closes the connection and logs one line naming the peer and the reason.
 */
public final class YamuxSession extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(YamuxSession.class);
  public static final String PROTOCOL_ID = "/yamux/1.0.0";
  static final int INITIAL_WINDOW = P2PLimits.YAMUX_INITIAL_WINDOW;

  /** What the session needs from its host. */
  public interface Host {
    Set<String> protocols();

    ProtocolHandler handlerFor(String protocol);

    void onReady(YamuxSession session);

    void onClosed(YamuxSession session, String reason);
  }

  private final boolean client;
  private final PeerId remotePeer;
  private final P2PLimits limits;
  private final Host host;
  private final MultistreamNegotiator muxerNegotiator;
  private final Map<Integer, YamuxStream> streams = new HashMap<>();
  private final Map<Long, CompletableFuture<Long>> pings = new HashMap<>();
  private ChannelHandlerContext ctx;
  private ByteBuf cumulation;
  private boolean muxing;
  private boolean closed;
  private boolean remoteGoAway;
  private boolean localGoAway;
  private int nextStreamId;
  private int inboundStreams;
  private long nextPing = 1;
  private String closeReason;

  public YamuxSession(
      final boolean client, final PeerId remotePeer, final P2PLimits limits, final Host host) {
    this.client = client;
    this.remotePeer = remotePeer;
    this.limits = limits;
    this.host = host;
    this.nextStreamId = client ? 1 : 2;
    this.muxerNegotiator =
        client
            ? MultistreamNegotiator.initiator(List.of(PROTOCOL_ID))
            : MultistreamNegotiator.listener(Set.of(PROTOCOL_ID));
  }

  public PeerId remotePeer() {
    return remotePeer;
  }

  P2PLimits limits() {
    return limits;
  }

  Set<String> supportedProtocols() {
    return host.protocols();
  }

  ProtocolHandler handlerFor(final String protocol) {
    return host.handlerFor(protocol);
  }

  @Override
  public void handlerAdded(final ChannelHandlerContext context) {
    this.ctx = context;
    context.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(muxerNegotiator.start()));
  }

  @Override
  public void channelRead(final ChannelHandlerContext context, final Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      io.netty.util.ReferenceCountUtil.release(msg);
      return;
    }
    if (closed) {
      in.release();
      return;
    }
    cumulation =
        cumulation == null
            ? in
            : ByteToMessageDecoder.COMPOSITE_CUMULATOR.cumulate(context.alloc(), cumulation, in);
    try {
      process();
    } catch (final MalformedInputException e) {
      fail(e.getMessage(), YamuxFrame.GO_AWAY_PROTOCOL_ERROR);
    } catch (final RuntimeException e) {
      fail("internal error: " + e, YamuxFrame.GO_AWAY_INTERNAL_ERROR);
    } finally {
      if (cumulation != null && !cumulation.isReadable()) {
        cumulation.release();
        cumulation = null;
      } else if (cumulation != null && cumulation.refCnt() == 1) {
        // only when no slice handed to a stream still refers to the cumulation's indices
        cumulation.discardSomeReadBytes();
      }
    }
  }

  private void process() {
    if (!muxing) {
      final MultistreamNegotiator.Step step = muxerNegotiator.feed(cumulation);
      if (step.toSend().length > 0) {
        ctx.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(step.toSend()));
      }
      switch (step.status()) {
        case IN_PROGRESS -> {
          return;
        }
        case FAILED -> throw new MalformedInputException("muxer negotiation: " + step.failure());
        case SELECTED -> {
          muxing = true;
          host.onReady(this);
        }
      }
    }
    final long maxData = limits.streamReceiveWindow();
    while (!closed && cumulation != null) {
      final YamuxFrame frame = YamuxFrameCodec.decode(cumulation, maxData);
      if (frame == null) {
        return;
      }
      handle(frame);
    }
  }

  private void handle(final YamuxFrame f) {
    switch (f.type()) {
      case YamuxFrame.TYPE_PING -> onPing(f);
      case YamuxFrame.TYPE_GO_AWAY -> onGoAway(f);
      default -> onStreamFrame(f);
    }
  }

  private void onPing(final YamuxFrame f) {
    if (f.streamId() != 0) {
      throw new MalformedInputException("yamux: ping on stream " + f.streamId());
    }
    if (f.hasFlag(YamuxFrame.FLAG_SYN)) {
      writeFrame(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_ACK, 0, f.length(), true);
    } else if (f.hasFlag(YamuxFrame.FLAG_ACK)) {
      final CompletableFuture<Long> p = pings.remove(f.length());
      if (p != null) {
        p.complete(System.nanoTime());
      }
    }
  }

  private void onGoAway(final YamuxFrame f) {
    remoteGoAway = true;
    if (f.length() != YamuxFrame.GO_AWAY_NORMAL) {
      LOG.info("p2p peer {} sent yamux go-away with error code {}", remotePeer, f.length());
    }
  }

  private void onStreamFrame(final YamuxFrame f) {
    final int id = f.streamId();
    try {
      if (id == 0) {
        throw new MalformedInputException("yamux: stream frame on stream 0");
      }
      YamuxStream stream = streams.get(id);
      if (f.hasFlag(YamuxFrame.FLAG_SYN)) {
        if (stream != null) {
          throw new MalformedInputException("yamux: duplicate SYN for stream " + id);
        }
        stream = acceptStream(id);
        if (stream == null) {
          return;
        }
      } else if (stream == null) {
        return; // late frame for a stream we already closed or reset
      }
      if (f.hasFlag(YamuxFrame.FLAG_ACK)) {
        stream.onAck();
      }
      if (f.type() == YamuxFrame.TYPE_WINDOW_UPDATE) {
        stream.onWindowUpdate(f.length());
      } else if (f.data().isReadable()) {
        final ByteBuf data = f.data();
        stream.onData(data.retain());
      }
      if (f.hasFlag(YamuxFrame.FLAG_FIN)) {
        stream.onRemoteFin();
      }
      if (f.hasFlag(YamuxFrame.FLAG_RST)) {
        stream.onRemoteReset();
      }
    } finally {
      if (f.data() != null) {
        f.data().release();
      }
    }
  }

  private YamuxStream acceptStream(final int id) {
    final boolean remoteParity = client ? (id % 2 == 0) : (id % 2 == 1);
    if (!remoteParity) {
      throw new MalformedInputException("yamux: peer opened stream " + id + " with our parity");
    }
    if (localGoAway || inboundStreams >= limits.maxStreamsPerConnection()) {
      writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0, true);
      return null;
    }
    final YamuxStream stream = new YamuxStream(this, id, false, limits.streamReceiveWindow());
    streams.put(id, stream);
    inboundStreams++;
    writeFrame(
        YamuxFrame.TYPE_WINDOW_UPDATE,
        YamuxFrame.FLAG_ACK,
        id,
        limits.streamReceiveWindow() - INITIAL_WINDOW,
        false);
    stream.startInboundNegotiation();
    return stream;
  }

  /** Opens a stream and negotiates {@code protocol} on it. */
  public CompletableFuture<P2PStream> openStream(final String protocol) {
    final CompletableFuture<P2PStream> result = new CompletableFuture<>();
    execute(
        () -> {
          if (closed || remoteGoAway || localGoAway) {
            result.completeExceptionally(
                new IllegalStateException("connection to " + remotePeer + " is closing"));
            return;
          }
          if (nextStreamId < 0) {
            result.completeExceptionally(new IllegalStateException("stream ids exhausted"));
            return;
          }
          final int id = nextStreamId;
          nextStreamId += 2;
          final YamuxStream stream = new YamuxStream(this, id, true, limits.streamReceiveWindow());
          streams.put(id, stream);
          writeFrame(
              YamuxFrame.TYPE_WINDOW_UPDATE,
              YamuxFrame.FLAG_SYN,
              id,
              limits.streamReceiveWindow() - INITIAL_WINDOW,
              false);
          stream.startOutboundNegotiation(protocol);
          stream
              .opened()
              .whenComplete(
                  (s, e) -> {
                    if (e != null) {
                      result.completeExceptionally(e);
                    } else {
                      result.complete(s);
                    }
                  });
        },
        () -> result.completeExceptionally(new IllegalStateException("connection closed")));
    return result;
  }

  /** Sends a yamux ping; completes with the round-trip time in nanoseconds. */
  public CompletableFuture<Long> ping() {
    final CompletableFuture<Long> rtt = new CompletableFuture<>();
    execute(
        () -> {
          final long id = nextPing++ & 0xFFFFFFFFL;
          final long start = System.nanoTime();
          final CompletableFuture<Long> ack = new CompletableFuture<>();
          pings.put(id, ack);
          ack.whenComplete(
              (end, e) -> {
                if (e != null) {
                  rtt.completeExceptionally(e);
                } else {
                  rtt.complete(end - start);
                }
              });
          writeFrame(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, id, true);
        },
        () -> rtt.completeExceptionally(new IllegalStateException("connection closed")));
    return rtt;
  }

  /** Announces go-away (no new streams) and closes the connection. */
  public void close(final String reason) {
    execute(
        () -> {
          if (!closed) {
            localGoAway = true;
            writeFrame(YamuxFrame.TYPE_GO_AWAY, 0, 0, YamuxFrame.GO_AWAY_NORMAL, true);
            closeReason = reason;
            ctx.close();
          }
        });
  }

  // ---- plumbing used by streams (event loop) ----

  void execute(final Runnable task) {
    execute(task, () -> {});
  }

  void execute(final Runnable task, final Runnable ifClosed) {
    if (ctx == null) {
      ifClosed.run();
      return;
    }
    if (ctx.executor().inEventLoop()) {
      runGuarded(task, ifClosed);
      return;
    }
    try {
      ctx.executor().execute(() -> runGuarded(task, ifClosed));
    } catch (final RejectedExecutionException e) {
      ifClosed.run();
    }
  }

  /**
   * Always queues {@code task} on the event loop, even from the event loop itself, so that the
   * operations of a stream's public API run in the order they were called.
   */
  void executeLater(final Runnable task, final Runnable ifClosed) {
    if (ctx == null) {
      ifClosed.run();
      return;
    }
    try {
      ctx.executor().execute(() -> runGuarded(task, ifClosed));
    } catch (final RejectedExecutionException e) {
      ifClosed.run();
    }
  }

  private void runGuarded(final Runnable task, final Runnable ifClosed) {
    if (closed) {
      ifClosed.run();
      return;
    }
    try {
      task.run();
    } catch (final MalformedInputException e) {
      fail(e.getMessage(), YamuxFrame.GO_AWAY_PROTOCOL_ERROR);
    } catch (final RuntimeException e) {
      fail("internal error: " + e, YamuxFrame.GO_AWAY_INTERNAL_ERROR);
    }
  }

  boolean isWritable() {
    return ctx.channel().isWritable();
  }

  ChannelFuture writeData(final int streamId, final int flags, final ByteBuf data) {
    final ByteBuf header = ctx.alloc().buffer(YamuxFrame.HEADER_LENGTH);
    YamuxFrameCodec.writeHeader(
        header, YamuxFrame.TYPE_DATA, flags, streamId, data.readableBytes());
    ctx.write(header, ctx.voidPromise());
    return ctx.write(data);
  }

  void writeFrame(
      final int type, final int flags, final int streamId, final long length, final boolean flush) {
    final ByteBuf header = ctx.alloc().buffer(YamuxFrame.HEADER_LENGTH);
    YamuxFrameCodec.writeHeader(header, type, flags, streamId, length);
    ctx.write(header, ctx.voidPromise());
    if (flush) {
      ctx.flush();
    }
  }

  void flush() {
    ctx.flush();
  }

  void removeStream(final YamuxStream stream) {
    if (streams.remove(stream.id()) != null && !stream.isInitiator()) {
      inboundStreams--;
    }
  }

  @Override
  public void channelWritabilityChanged(final ChannelHandlerContext context) {
    if (context.channel().isWritable()) {
      for (final YamuxStream s : new ArrayList<>(streams.values())) {
        if (s.hasPendingWrites()) {
          s.drain();
        }
      }
    }
    context.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(final ChannelHandlerContext context, final Object evt) {
    if (evt instanceof IdleStateEvent) {
      fail("idle for " + limits.idleTimeout().toSeconds() + " s", YamuxFrame.GO_AWAY_NORMAL);
      return;
    }
    context.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(final ChannelHandlerContext context, final Throwable cause) {
    final Throwable root =
        cause.getCause() instanceof MalformedInputException ? cause.getCause() : cause;
    fail(
        root instanceof MalformedInputException ? root.getMessage() : root.toString(),
        YamuxFrame.GO_AWAY_PROTOCOL_ERROR);
  }

  private void fail(final String reason, final int goAwayCode) {
    if (closed) {
      return;
    }
    closeReason = reason;
    LOG.info("p2p connection to {} closed: {}", remotePeer, reason);
    if (ctx.channel().isActive() && muxing) {
      writeFrame(YamuxFrame.TYPE_GO_AWAY, 0, 0, goAwayCode, true);
    }
    ctx.close();
  }

  @Override
  public void channelInactive(final ChannelHandlerContext context) {
    shutdown();
    context.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(final ChannelHandlerContext context) {
    shutdown();
  }

  private void shutdown() {
    if (closed) {
      return;
    }
    closed = true;
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    for (final YamuxStream s : new ArrayList<>(streams.values())) {
      s.onConnectionClosed();
    }
    streams.clear();
    final IllegalStateException gone = new IllegalStateException("connection closed");
    pings.values().forEach(p -> p.completeExceptionally(gone));
    pings.clear();
    host.onClosed(this, closeReason == null ? "closed by peer" : closeReason);
  }
}
