package io.dvc.p2p.messaging;

import io.dvc.p2p.PeerId;
import io.dvc.p2p.util.LogRateLimiter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link InboundLimits} per peer: admits a received message (then it counts as queued until
 * {@link #handled}) or drops it. Thread safe; the clock is injected.
 */
final class InboundAccounting {
  private static final Logger LOG = LoggerFactory.getLogger(InboundAccounting.class);

  private final InboundLimits limits;
  private final LongSupplier nanoTime;
  private final Map<PeerId, Peer> peers = new ConcurrentHashMap<>();
  private final LogRateLimiter logLimiter;

  private static final class Peer {
    int queuedMessages;
    long queuedBytes;
    double tokens;
    long lastRefillNanos;
    long dropped;
  }

  InboundAccounting(final InboundLimits limits, final LongSupplier nanoTime) {
    this.limits = limits;
    this.nanoTime = nanoTime;
    this.logLimiter = new LogRateLimiter(2, 1_000_000_000L, nanoTime);
  }

  /** True when the message may be queued for the handler; false when it is dropped. */
  boolean admit(final PeerId peer, final String protocol, final int bytes) {
    final Peer p = peers.computeIfAbsent(peer, k -> newPeer());
    final String reason;
    synchronized (p) {
      refill(p);
      if (p.queuedMessages >= limits.maxQueuedMessages()) {
        reason = limits.maxQueuedMessages() + " messages already waiting";
      } else if (p.queuedBytes + bytes > limits.maxQueuedBytes()) {
        reason = (limits.maxQueuedBytes() >> 20) + " MiB already waiting";
      } else if (p.tokens < 1) {
        reason = "over " + (long) limits.messagesPerSecond() + " messages/s";
      } else {
        p.tokens -= 1;
        p.queuedMessages++;
        p.queuedBytes += bytes;
        return true;
      }
      p.dropped++;
    }
    logLimiter
        .tryAcquire()
        .ifPresent(
            suppressed ->
                LOG.warn(
                    "p2p peer {} floods: {} message dropped ({}); {} dropped from it so far{}",
                    peer,
                    protocol,
                    reason,
                    dropped(peer),
                    LogRateLimiter.suffix(suppressed)));
    return false;
  }

  /** A message admitted earlier left the queue. */
  void handled(final PeerId peer, final int bytes) {
    final Peer p = peers.get(peer);
    if (p != null) {
      synchronized (p) {
        p.queuedMessages--;
        p.queuedBytes -= bytes;
      }
    }
  }

  long dropped(final PeerId peer) {
    final Peer p = peers.get(peer);
    if (p == null) {
      return 0;
    }
    synchronized (p) {
      return p.dropped;
    }
  }

  /** Messages dropped so far, per peer that had any. */
  Map<PeerId, Long> droppedPerPeer() {
    final Map<PeerId, Long> result =
        new TreeMap<>(java.util.Comparator.comparing(PeerId::toBase58));
    peers.forEach(
        (peer, p) -> {
          synchronized (p) {
            if (p.dropped > 0) {
              result.put(peer, p.dropped);
            }
          }
        });
    return result;
  }

  private Peer newPeer() {
    final Peer p = new Peer();
    p.tokens = limits.burst();
    p.lastRefillNanos = nanoTime.getAsLong();
    return p;
  }

  private void refill(final Peer p) {
    final long now = nanoTime.getAsLong();
    final double add = (now - p.lastRefillNanos) / 1e9 * limits.messagesPerSecond();
    p.tokens = Math.min(limits.burst(), p.tokens + add);
    p.lastRefillNanos = now;
  }
}
