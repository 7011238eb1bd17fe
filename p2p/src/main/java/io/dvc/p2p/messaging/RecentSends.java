package io.dvc.p2p.messaging;

import io.dvc.p2p.PeerId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one-way messages of some protocols sent to each peer in the last moments, with the connection
 * each went on, so that they can go again on another connection when theirs stalls: over TCP a
 * stalled connection holds everything written behind its lost segment, possibly for seconds (the
 * retransmission timeout doubles with each loss), while a fresh connection is not behind it. Only
 * for protocols whose receivers take a repeated message as a duplicate. Bounded per peer in age,
 * count and bytes. Thread safe.
 *
 * @param <C> the connection type
 */
final class RecentSends<C> {
  /**
   * A message as framed on the wire, the connection it last went on, and when it was first sent.
   */
  record Sent<C>(long atNanos, String protocol, byte[] framed, C connection) {}

  private final Set<String> protocols;
  private final long windowNanos;
  private final int maxPerPeer;
  private final long maxBytesPerPeer;
  private final Map<PeerId, ArrayDeque<Sent<C>>> byPeer = new HashMap<>();
  private final Map<PeerId, Long> bytesByPeer = new HashMap<>();

  RecentSends(
      final Set<String> protocols,
      final long windowNanos,
      final int maxPerPeer,
      final long maxBytesPerPeer) {
    this.protocols = Set.copyOf(protocols);
    this.windowNanos = windowNanos;
    this.maxPerPeer = maxPerPeer;
    this.maxBytesPerPeer = maxBytesPerPeer;
  }

  boolean covers(final String protocol) {
    return protocols.contains(protocol);
  }

  /** Notes a message sent to the peer on the connection now. */
  synchronized void record(
      final PeerId peer,
      final String protocol,
      final byte[] framed,
      final C connection,
      final long nowNanos) {
    if (!protocols.contains(protocol) || framed.length > maxBytesPerPeer) {
      return;
    }
    final ArrayDeque<Sent<C>> sent = byPeer.computeIfAbsent(peer, p -> new ArrayDeque<>());
    expire(peer, sent, nowNanos);
    sent.addLast(new Sent<>(nowNanos, protocol, framed, connection));
    long bytes = bytesByPeer.merge(peer, (long) framed.length, Long::sum);
    while (sent.size() > maxPerPeer || bytes > maxBytesPerPeer) {
      bytes -= sent.removeFirst().framed().length;
    }
    bytesByPeer.put(peer, bytes);
  }

  /**
   * The messages sent to the peer within the window on a connection that is no longer usable
   * ({@code unusable}, e.g. stalled or closed) and not on {@code to}: they are to go again on
   * {@code to}, and are noted as sent on it (so they go again only if {@code to} stalls too).
   * Oldest first.
   */
  synchronized List<Sent<C>> moveTo(
      final PeerId peer, final C to, final Predicate<C> unusable, final long nowNanos) {
    final ArrayDeque<Sent<C>> sent = byPeer.get(peer);
    if (sent == null) {
      return List.of();
    }
    expire(peer, sent, nowNanos);
    if (sent.isEmpty()) {
      byPeer.remove(peer);
      bytesByPeer.remove(peer);
      return List.of();
    }
    final List<Sent<C>> again = new ArrayList<>();
    final ArrayDeque<Sent<C>> kept = new ArrayDeque<>(sent.size());
    final Map<C, Boolean> verdicts = new HashMap<>();
    for (final Sent<C> s : sent) {
      if (s.connection() != to && verdicts.computeIfAbsent(s.connection(), c -> unusable.test(c))) {
        again.add(s);
        kept.addLast(new Sent<>(s.atNanos(), s.protocol(), s.framed(), to));
      } else {
        kept.addLast(s);
      }
    }
    if (!again.isEmpty()) {
      sent.clear();
      sent.addAll(kept);
    }
    return again;
  }

  /** Peers with messages in the window. */
  synchronized Set<PeerId> peers() {
    return Set.copyOf(byPeer.keySet());
  }

  private void expire(final PeerId peer, final ArrayDeque<Sent<C>> sent, final long nowNanos) {
    long removed = 0;
    final Iterator<Sent<C>> it = sent.iterator();
    while (it.hasNext()) {
      final Sent<C> s = it.next();
      if (nowNanos - s.atNanos() <= windowNanos) {
        break;
      }
      removed += s.framed().length;
      it.remove();
    }
    if (removed > 0) {
      bytesByPeer.merge(peer, -removed, Long::sum);
    }
  }
}
