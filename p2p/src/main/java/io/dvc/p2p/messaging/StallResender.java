package io.dvc.p2p.messaging;

import io.dvc.p2p.Connection;
import io.dvc.p2p.P2PNetwork;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.util.LogRateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends again, on another connection to the same peer, the recent one-way messages that went on a
 * connection which has since stalled or closed (see {@link P2PNetwork#stalled(Connection)}).
 * Checked at every send of a covered protocol and at every {@link #sweep}. Only for protocols whose
 * receivers take a repeated message as a duplicate.
 */
final class StallResender {
  private static final Logger LOG = LoggerFactory.getLogger(StallResender.class);

  /** Messages kept per peer, and their bytes. */
  static final int MAX_MESSAGES = 4096;

  static final long MAX_BYTES = 16L << 20;

  /** Writes a framed message on a connection's stream for the protocol. */
  interface Sender {
    void send(Connection to, String protocol, byte[] framed);
  }

  private final RecentSends<Connection> recent;
  private final P2PNetwork network;
  private final Sender sender;
  private final Map<PeerId, Long> resentByPeer = new ConcurrentHashMap<>();
  private final LogRateLimiter log = LogRateLimiter.perSecond(1);

  StallResender(
      final Set<String> protocols,
      final Duration window,
      final P2PNetwork network,
      final Sender sender) {
    this.recent = new RecentSends<>(protocols, window.toNanos(), MAX_MESSAGES, MAX_BYTES);
    this.network = network;
    this.sender = sender;
  }

  boolean covers(final String protocol) {
    return recent.covers(protocol);
  }

  /** Before a covered message goes on {@code c}: what stalled goes first, then it is recorded. */
  void beforeSend(
      final PeerId peer, final Connection c, final String protocol, final byte[] framed) {
    final long now = System.nanoTime();
    sendAgain(peer, c, now);
    recent.record(peer, protocol, framed, c, now);
  }

  /** Re-sends, for every peer with recent messages, what went on a connection now unusable. */
  void sweep() {
    final long now = System.nanoTime();
    for (final PeerId peer : recent.peers()) {
      network.connection(peer).ifPresent(c -> sendAgain(peer, c, now));
    }
  }

  /** Per peer: messages sent again because the connection they went on stalled. */
  Map<PeerId, Long> resent() {
    return Map.copyOf(resentByPeer);
  }

  private void sendAgain(final PeerId peer, final Connection to, final long nowNanos) {
    final List<RecentSends.Sent<Connection>> again =
        recent.moveTo(peer, to, c -> !c.isOpen() || network.stalled(c), nowNanos);
    if (again.isEmpty()) {
      return;
    }
    log.tryAcquire()
        .ifPresent(
            dropped ->
                LOG.info(
                    "p2p connection to {} stalled: {} recent messages sent again on {}{}",
                    peer,
                    again.size(),
                    to,
                    LogRateLimiter.suffix(dropped)));
    resentByPeer.merge(peer, (long) again.size(), Long::sum);
    for (final RecentSends.Sent<Connection> s : again) {
      sender.send(to, s.protocol(), s.framed());
    }
  }
}
