package io.dvc.p2p.yamux;

import io.dvc.p2p.P2PStream;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.ProtocolHandler;
import io.dvc.p2p.StreamListener;
import io.dvc.p2p.multistream.MultistreamNegotiator;
import io.dvc.p2p.util.MalformedInputException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One yamux stream: send and receive windows, half-close and reset, plus multistream-select of its
 * protocol before application data. All state is touched on the session's event loop only.
 */
final class YamuxStream implements P2PStream {
  private static final Logger LOG = LoggerFactory.getLogger(YamuxStream.class);
  static final int MAX_DATA_FRAME = 256 * 1024;

  private record PendingWrite(ByteBuf data, CompletableFuture<Void> done) {}

  private final YamuxSession session;
  private final int id;
  private final boolean initiator;
  private final int receiveWindowMax;
  private long sendWindow = YamuxSession.INITIAL_WINDOW;
  private long receiveWindow;
  private long unacknowledgedConsumed;
  private final Deque<PendingWrite> writes = new ArrayDeque<>();
  private long pendingBytes;
  private final Deque<ByteBuf> undelivered = new ArrayDeque<>();
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private final CompletableFuture<P2PStream> opened = new CompletableFuture<>();
  private MultistreamNegotiator negotiator;
  private ByteBuf negotiationBuffer;
  private volatile String protocol;
  private StreamListener listener;
  private boolean localClosed;
  private boolean finPending;
  private boolean remoteClosed;
  private boolean remoteCloseDelivered;
  private boolean reset;

  YamuxStream(
      final YamuxSession session,
      final int id,
      final boolean initiator,
      final int receiveWindowMax) {
    this.session = session;
    this.id = id;
    this.initiator = initiator;
    this.receiveWindowMax = receiveWindowMax;
    this.receiveWindow = receiveWindowMax;
  }

  int id() {
    return id;
  }

  CompletableFuture<P2PStream> opened() {
    return opened;
  }

  /** Outbound: proposes {@code proposal} right after the SYN. */
  void startOutboundNegotiation(final String proposal) {
    negotiator = MultistreamNegotiator.initiator(List.of(proposal));
    writeRaw(Unpooled.wrappedBuffer(negotiator.start()));
  }

  /** Inbound: announces multistream and waits for a proposal. */
  void startInboundNegotiation() {
    negotiator = MultistreamNegotiator.listener(session.supportedProtocols());
    writeRaw(Unpooled.wrappedBuffer(negotiator.start()));
  }

  // ---- inbound frames (event loop) ----

  void onAck() {}

  void onWindowUpdate(final long delta) {
    sendWindow += delta;
    if (sendWindow > 0xFFFFFFFFL * 4) {
      throw new MalformedInputException("yamux: send window overflow on stream " + id);
    }
    drain();
  }

  void onData(final ByteBuf data) {
    final int length = data.readableBytes();
    if (length > receiveWindow) {
      data.release();
      throw new MalformedInputException(
          "yamux: stream "
              + id
              + " received "
              + length
              + " bytes over a window of "
              + receiveWindow);
    }
    receiveWindow -= length;
    if (reset || remoteClosed) {
      data.release();
      credit(length);
      return;
    }
    if (negotiator != null) {
      negotiate(data);
      return;
    }
    deliver(data);
  }

  private void negotiate(final ByteBuf data) {
    final int length = data.readableBytes();
    if (negotiationBuffer == null) {
      negotiationBuffer = data;
    } else {
      negotiationBuffer = Unpooled.wrappedBuffer(negotiationBuffer, data);
    }
    final int before = negotiationBuffer.readableBytes();
    final MultistreamNegotiator.Step step = negotiator.feed(negotiationBuffer);
    credit(Math.min(length, before - negotiationBuffer.readableBytes()));
    if (step.toSend().length > 0) {
      writeRaw(Unpooled.wrappedBuffer(step.toSend()));
    }
    switch (step.status()) {
      case IN_PROGRESS -> {}
      case FAILED -> {
        LOG.debug(
            "stream {} to {}: negotiation failed: {}", id, session.remotePeer(), step.failure());
        releaseNegotiationBuffer();
        terminate(true);
      }
      case SELECTED -> onSelected(step.protocol());
    }
  }

  private void onSelected(final String selected) {
    protocol = selected;
    negotiator = null;
    final ByteBuf rest = negotiationBuffer;
    negotiationBuffer = null;
    if (rest.isReadable()) {
      // counted as received already; credit it when delivered
      undelivered.add(rest);
    } else {
      rest.release();
    }
    if (initiator) {
      opened.complete(this);
    } else {
      final ProtocolHandler handler = session.handlerFor(selected);
      if (handler == null) {
        terminate(true);
        return;
      }
      try {
        handler.onStream(this);
      } catch (final RuntimeException e) {
        LOG.warn(
            "handler for {} failed on a stream from {}: {}",
            selected,
            session.remotePeer(),
            e.toString());
        terminate(true);
      }
    }
  }

  private void deliver(final ByteBuf data) {
    if (listener == null || !undelivered.isEmpty()) {
      undelivered.add(data);
      return;
    }
    final int length = data.readableBytes();
    try {
      listener.onData(this, data);
    } catch (final RuntimeException e) {
      LOG.warn("listener of {} from {} failed: {}", protocol, session.remotePeer(), e.toString());
      data.release();
      terminate(true);
      return;
    }
    data.release();
    credit(length);
  }

  private void credit(final int length) {
    unacknowledgedConsumed += length;
    if (unacknowledgedConsumed >= receiveWindowMax / 2 && !reset) {
      receiveWindow += unacknowledgedConsumed;
      session.writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, 0, id, unacknowledgedConsumed, true);
      unacknowledgedConsumed = 0;
    }
  }

  void onRemoteFin() {
    remoteClosed = true;
    if (negotiator != null) {
      releaseNegotiationBuffer();
      opened.completeExceptionally(new IllegalStateException("stream closed during negotiation"));
      terminate(true);
      return;
    }
    flushUndelivered();
    maybeFinish();
  }

  void onRemoteReset() {
    terminate(false);
  }

  void onConnectionClosed() {
    terminate(false);
  }

  // ---- application API (any thread) ----

  @Override
  public PeerId remotePeer() {
    return session.remotePeer();
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public boolean isInitiator() {
    return initiator;
  }

  @Override
  public void setListener(final StreamListener newListener) {
    session.executeLater(
        () -> {
          listener = newListener;
          if (reset) {
            notifyReset(newListener);
            return;
          }
          flushUndelivered();
          maybeFinish();
        },
        () -> notifyReset(newListener));
  }

  private void notifyReset(final StreamListener l) {
    try {
      l.onReset(this);
    } catch (final RuntimeException e) {
      LOG.warn("listener of {} from {} failed: {}", protocol, session.remotePeer(), e.toString());
    }
  }

  private void flushUndelivered() {
    while (listener != null && !undelivered.isEmpty() && !reset) {
      final ByteBuf data = undelivered.poll();
      final int length = data.readableBytes();
      try {
        listener.onData(this, data);
      } catch (final RuntimeException e) {
        LOG.warn("listener of {} from {} failed: {}", protocol, session.remotePeer(), e.toString());
        data.release();
        terminate(true);
        return;
      }
      data.release();
      credit(length);
    }
    if (listener != null
        && remoteClosed
        && undelivered.isEmpty()
        && !remoteCloseDelivered
        && !reset) {
      remoteCloseDelivered = true;
      try {
        listener.onRemoteClose(this);
      } catch (final RuntimeException e) {
        LOG.warn("listener of {} from {} failed: {}", protocol, session.remotePeer(), e.toString());
      }
    }
  }

  @Override
  public CompletableFuture<Void> write(final byte[] data) {
    return write(Unpooled.wrappedBuffer(data));
  }

  @Override
  public CompletableFuture<Void> write(final ByteBuf data) {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    session.execute(
        () -> enqueue(data, done),
        () -> {
          data.release();
          done.completeExceptionally(new IllegalStateException("connection closed"));
        });
    return done;
  }

  private void enqueue(final ByteBuf data, final CompletableFuture<Void> done) {
    if (reset || localClosed || finPending) {
      data.release();
      done.completeExceptionally(
          new IllegalStateException("stream " + id + " is closed for writing"));
      return;
    }
    if (pendingBytes + data.readableBytes() > session.limits().maxPendingWriteBytes()) {
      data.release();
      done.completeExceptionally(new IllegalStateException("stream " + id + " write queue full"));
      return;
    }
    if (!data.isReadable()) {
      data.release();
      done.complete(null);
      return;
    }
    pendingBytes += data.readableBytes();
    writes.add(new PendingWrite(data, done));
    drain();
  }

  /** Writes queued data within the send window while the channel is writable. */
  void drain() {
    boolean wrote = false;
    while (!writes.isEmpty() && sendWindow > 0 && session.isWritable() && !reset) {
      final PendingWrite pw = writes.peek();
      final int n = (int) Math.min(Math.min(sendWindow, pw.data.readableBytes()), MAX_DATA_FRAME);
      final ByteBuf slice = pw.data.readRetainedSlice(n);
      sendWindow -= n;
      pendingBytes -= n;
      final ChannelFuture f = session.writeData(id, 0, slice);
      wrote = true;
      if (!pw.data.isReadable()) {
        writes.poll();
        pw.data.release();
        f.addListener(
            x -> {
              if (x.isSuccess()) {
                pw.done.complete(null);
              } else {
                pw.done.completeExceptionally(x.cause());
              }
            });
      }
    }
    if (writes.isEmpty() && finPending && !localClosed) {
      localClosed = true;
      session.writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_FIN, id, 0, false);
      wrote = true;
      maybeFinish();
    }
    if (wrote) {
      session.flush();
    }
  }

  /** Data written during negotiation bypasses the queue and the "negotiated" check. */
  private void writeRaw(final ByteBuf data) {
    sendWindow -= data.readableBytes();
    session.writeData(id, 0, data);
    session.flush();
  }

  boolean hasPendingWrites() {
    return !writes.isEmpty();
  }

  @Override
  public void closeWrite() {
    session.executeLater(
        () -> {
          if (!reset && !localClosed) {
            finPending = true;
            drain();
          }
        },
        () -> {});
  }

  @Override
  public void reset() {
    session.executeLater(() -> terminate(true), () -> {});
  }

  private void terminate(final boolean sendReset) {
    if (reset) {
      return;
    }
    final boolean wasFinished = closeFuture.isDone();
    reset = true;
    if (sendReset && !wasFinished) {
      session.writeFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0, true);
    }
    releaseNegotiationBuffer();
    while (!undelivered.isEmpty()) {
      undelivered.poll().release();
    }
    final IllegalStateException closed = new IllegalStateException("stream " + id + " reset");
    while (!writes.isEmpty()) {
      final PendingWrite pw = writes.poll();
      pw.data.release();
      pw.done.completeExceptionally(closed);
    }
    opened.completeExceptionally(closed);
    session.removeStream(this);
    if (listener != null && !wasFinished) {
      try {
        listener.onReset(this);
      } catch (final RuntimeException e) {
        LOG.warn("listener of {} from {} failed: {}", protocol, session.remotePeer(), e.toString());
      }
    }
    closeFuture.complete(null);
  }

  private void maybeFinish() {
    if (localClosed && remoteClosed && undelivered.isEmpty() && !reset && !closeFuture.isDone()) {
      session.removeStream(this);
      closeFuture.complete(null);
    }
  }

  private void releaseNegotiationBuffer() {
    if (negotiationBuffer != null) {
      negotiationBuffer.release();
      negotiationBuffer = null;
    }
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  @Override
  public String toString() {
    return "YamuxStream[" + id + ", " + protocol + ", " + session.remotePeer() + "]";
  }
}
