package io.dvc.p2p;

import java.time.Duration;

/**
 * Resource limits of a host.
 *
 * @param maxMessageSize largest length-prefixed message accepted by cluster messaging
 * @param maxStreamsPerConnection streams a peer may have open at once on a connection; more are
 *     reset
 * @param handshakeTimeout time from TCP connect to a secured, muxed connection
 * @param idleTimeout a connection with no inbound bytes for this long is closed
 * @param streamReceiveWindow yamux receive window per stream (at least 256 KiB)
 * @param maxPendingWriteBytes bytes a stream may queue beyond the peer's window before writes fail
 */
public record P2PLimits(
    int maxMessageSize,
    int maxStreamsPerConnection,
    Duration handshakeTimeout,
    Duration idleTimeout,
    int streamReceiveWindow,
    long maxPendingWriteBytes) {
  public static final int YAMUX_INITIAL_WINDOW = 256 * 1024;

  /**
   * Inbound connections a host keeps in their handshake at once (each is closed at the latest after
   * {@code handshakeTimeout}); more are closed on accept. A cluster has at most a few hundred
   * operators, who connect once each.
   */
  public static final int MAX_UNAUTHENTICATED_INBOUND = 256;

  public P2PLimits {
    if (streamReceiveWindow < YAMUX_INITIAL_WINDOW) {
      throw new IllegalArgumentException("streamReceiveWindow below 256 KiB");
    }
  }

  public static P2PLimits defaults() {
    return new P2PLimits(
        4 * 1024 * 1024,
        256,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        4 * 1024 * 1024,
        64L << 20);
  }
}
