package io.dvc.p2p;

import io.dvc.p2p.util.LogRateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stalled connections: a connection whose ping has gone unanswered for the stall timeout delivers
 * nothing for now (over TCP everything behind a lost segment waits for its retransmission, whose
 * timeout doubles with each further loss). Picks the connection to send on, and on each {@link
 * #check} dials another to a peer all of whose connections stalled and closes the oldest stalled
 * ones beyond {@link #MAX_CONNECTIONS_PER_PEER}. A zero timeout turns all of it off.
 */
final class StallWatch {
  private static final Logger LOG = LoggerFactory.getLogger(StallWatch.class);

  /** Open connections kept per peer when stalls made more: the oldest stalled ones go first. */
  static final int MAX_CONNECTIONS_PER_PEER = 3;

  private final Duration timeout;
  private final long timeoutNanos;
  private final Predicate<PeerId> dialAnother;
  private final Map<PeerId, Long> stallsByPeer = new ConcurrentHashMap<>();
  private final Map<PeerId, Long> lastDialNanos = new ConcurrentHashMap<>();
  private final LogRateLimiter log = LogRateLimiter.perSecond(1);

  /**
   * @param dialAnother starts one more dial to a static peer, false when it cannot (not a static
   *     peer, a dial already under way, the network stopping)
   */
  StallWatch(final Duration timeout, final Predicate<PeerId> dialAnother) {
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    this.dialAnother = dialAnother;
  }

  boolean enabled() {
    return timeoutNanos > 0;
  }

  /** The newest open connection that is not stalled, else the oldest open one. */
  Optional<Connection> pick(final List<Connection> list) {
    final long now = System.nanoTime();
    Connection fallback = null;
    for (int i = list.size() - 1; i >= 0; i--) {
      final Connection c = list.get(i);
      if (!c.isOpen()) {
        continue;
      }
      if (!c.stalled(now, timeoutNanos)) {
        return Optional.of(c);
      }
      fallback = c;
    }
    return Optional.ofNullable(fallback);
  }

  /** How long after its last stall a peer's messages also go on a second connection. */
  static final Duration SPARE_AFTER_STALL = Duration.ofMinutes(1);

  /**
   * The newest open connection other than {@code primary} that is not stalled, if the peer's
   * connections all stalled within {@link #SPARE_AFTER_STALL}: a second connection left by two
   * dials crossing at start-up carries nothing twice.
   */
  Optional<Connection> spare(
      final PeerId peer, final List<Connection> list, final Connection primary) {
    final Long lastStall = lastDialNanos.get(peer);
    final long now = System.nanoTime();
    if (!enabled() || lastStall == null || now - lastStall > SPARE_AFTER_STALL.toNanos()) {
      return Optional.empty();
    }
    for (int i = list.size() - 1; i >= 0; i--) {
      final Connection c = list.get(i);
      if (c != primary && c.isOpen() && !c.stalled(now, timeoutNanos)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  boolean stalled(final Connection c) {
    return c.stalled(System.nanoTime(), timeoutNanos);
  }

  /**
   * Whether every open connection in the list has had a ping unanswered for {@code after} (false
   * when none is open, or when stall detection is off).
   */
  boolean allStalled(final List<Connection> list, final Duration after) {
    if (!enabled()) {
      return false;
    }
    final long now = System.nanoTime();
    final long nanos = after.toNanos();
    boolean any = false;
    for (final Connection c : list) {
      if (c.isOpen()) {
        if (!c.stalled(now, nanos)) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  /** Per peer: how many times all its connections stalled and another was dialed. */
  Map<PeerId, Long> stalls() {
    return Map.copyOf(stallsByPeer);
  }

  /** Redials peers whose connections all stalled, and trims stalled surplus connections. */
  void check(final Map<PeerId, List<Connection>> connections) {
    final long now = System.nanoTime();
    connections.forEach(
        (peer, list) -> {
          final List<Connection> open = list.stream().filter(Connection::isOpen).toList();
          if (open.isEmpty()) {
            return;
          }
          if (open.stream().allMatch(c -> c.stalled(now, timeoutNanos))) {
            redial(peer, now);
          }
          int excess = open.size() - MAX_CONNECTIONS_PER_PEER;
          for (final Connection c : open) {
            if (excess <= 0) {
              break;
            }
            if (c.stalled(now, timeoutNanos)) {
              LOG.debug("p2p closing stalled connection {} (one of {})", c, open.size());
              c.close();
              excess--;
            }
          }
        });
  }

  /** At most one extra dial per peer per stall timeout (the peer does the same from its side). */
  private void redial(final PeerId peer, final long now) {
    final Long last = lastDialNanos.get(peer);
    if (last != null && now - last < timeoutNanos) {
      return;
    }
    if (!dialAnother.test(peer)) {
      return;
    }
    lastDialNanos.put(peer, now);
    stallsByPeer.merge(peer, 1L, Long::sum);
    log.tryAcquire()
        .ifPresent(
            dropped ->
                LOG.info(
                    "p2p connection to {} stalled (a ping unanswered for {} ms): dialing another{}",
                    peer,
                    timeout.toMillis(),
                    LogRateLimiter.suffix(dropped)));
  }
}
