package io.dvc.p2p;

import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.p2p.protocol.IdentifyMessage;
import io.dvc.p2p.yamux.YamuxSession;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A secured, multiplexed connection to one authenticated peer. Thread safe. */
public final class Connection {
  private final PeerId remotePeer;
  private final Multiaddr remoteAddress;
  private final boolean initiator;
  private final YamuxSession session;
  private final CompletableFuture<IdentifyMessage> remoteIdentify = new CompletableFuture<>();
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private volatile Duration lastRtt;
  private volatile int failedPings;
  private static final long NO_PING = Long.MIN_VALUE;

  /** When the ping in flight was sent ({@link System#nanoTime()}), or NO_PING. */
  private final java.util.concurrent.atomic.AtomicLong pingSentNanos =
      new java.util.concurrent.atomic.AtomicLong(NO_PING);

  private final long establishedNanos = System.nanoTime();

  Connection(
      final PeerId remotePeer,
      final Multiaddr remoteAddress,
      final boolean initiator,
      final YamuxSession session) {
    this.remotePeer = remotePeer;
    this.remoteAddress = remoteAddress;
    this.initiator = initiator;
    this.session = session;
  }

  public PeerId remotePeer() {
    return remotePeer;
  }

  public Multiaddr remoteAddress() {
    return remoteAddress;
  }

  /** True when we dialed. */
  public boolean isInitiator() {
    return initiator;
  }

  public CompletableFuture<P2PStream> openStream(final String protocol) {
    return session.openStream(protocol);
  }

  /** The peer's identify message, once read. */
  public CompletableFuture<IdentifyMessage> remoteIdentify() {
    return remoteIdentify;
  }

  /** Round-trip time of the last successful /ipfs/ping/1.0.0. */
  public Optional<Duration> rtt() {
    return Optional.ofNullable(lastRtt);
  }

  void recordPing(final Duration rtt) {
    if (rtt == null) {
      failedPings++;
    } else {
      lastRtt = rtt;
      failedPings = 0;
    }
  }

  boolean startPing() {
    final long now = System.nanoTime();
    return pingSentNanos.compareAndSet(NO_PING, now == NO_PING ? now + 1 : now);
  }

  void endPing() {
    pingSentNanos.set(NO_PING);
  }

  /**
   * Whether the ping in flight has gone unanswered for at least {@code timeoutNanos} at {@code
   * nowNanos} ({@link System#nanoTime()}): over TCP everything behind a lost segment waits for its
   * retransmission, so a connection whose ping is that late delivers nothing either way.
   */
  public boolean stalled(final long nowNanos, final long timeoutNanos) {
    final long sent = pingSentNanos.get();
    return timeoutNanos > 0 && sent != NO_PING && nowNanos - sent >= timeoutNanos;
  }

  /** When the connection was established ({@link System#nanoTime()}). */
  long establishedNanos() {
    return establishedNanos;
  }

  /** Consecutive failed pings since the last success. */
  public int failedPings() {
    return failedPings;
  }

  YamuxSession session() {
    return session;
  }

  public void close() {
    session.close("closed locally");
  }

  public boolean isOpen() {
    return !closeFuture.isDone();
  }

  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  @Override
  public String toString() {
    return "Connection["
        + remotePeer
        + " "
        + remoteAddress
        + (initiator ? " outbound]" : " inbound]");
  }
}
