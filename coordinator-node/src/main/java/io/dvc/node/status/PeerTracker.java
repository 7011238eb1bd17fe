package io.dvc.node.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What this node knows of each cluster peer (connected, RTT, clock offset, DVC version, lock hash,
 * last message, last dial error) and the one-line warnings an operator needs about the network: a
 * peer not reachable (address tried and error), a peer running another lock, a clock offset above
 * {@link #MAX_CLOCK_OFFSET_MILLIS}. No I/O: events come in, warnings come out (the node logs them);
 * the clock is injected. Thread-safe. It is also the {@code peers} status section.
 */
public final class PeerTracker implements StatusSection {
  public static final long MAX_CLOCK_OFFSET_MILLIS = 200;

  /** A dial error is repeated at most this often while it lasts. */
  static final long DIAL_WARNING_INTERVAL_MILLIS = 60_000;

  /** One cluster peer as the lock names it. */
  public record Peer(int index, String name, String peerId, Optional<String> address) {}

  private static final class State {
    boolean connected;
    long changedAt;
    long lastMessageAt = -1;
    long rttMillis = -1;
    Optional<Long> clockOffsetMillis = Optional.empty();
    boolean offsetWarned;
    Optional<String> version = Optional.empty();
    Optional<String> lockHash = Optional.empty();
    Optional<String> lastError = Optional.empty();
    long lastDialWarningAt = Long.MIN_VALUE;
  }

  private final Map<Integer, Peer> peers = new LinkedHashMap<>();
  private final Map<Integer, State> states = new LinkedHashMap<>();
  private final String ownLockHash;
  private final LongSupplier clock;

  /**
   * @param peers the other operators of the lock
   * @param ownLockHash the lock hash this node runs (0x-hex)
   * @param clock wall-clock milliseconds
   */
  public PeerTracker(final List<Peer> peers, final String ownLockHash, final LongSupplier clock) {
    this.ownLockHash = ownLockHash;
    this.clock = clock;
    final long now = clock.getAsLong();
    for (final Peer peer : peers) {
      this.peers.put(peer.index(), peer);
      final State state = new State();
      state.changedAt = now;
      states.put(peer.index(), state);
    }
  }

  public Optional<Peer> peer(final int index) {
    return Optional.ofNullable(peers.get(index));
  }

  public synchronized Optional<String> connected(final int index) {
    final State s = states.get(index);
    if (s == null || s.connected) {
      return Optional.empty();
    }
    final boolean hadError = s.lastError.isPresent();
    s.connected = true;
    s.changedAt = clock.getAsLong();
    s.lastError = Optional.empty();
    s.lastDialWarningAt = Long.MIN_VALUE;
    return hadError
        ? Optional.of("peer " + label(index) + " is reachable again")
        : Optional.empty();
  }

  public synchronized void disconnected(final int index, final String reason) {
    final State s = states.get(index);
    if (s == null) {
      return;
    }
    if (s.connected) {
      s.connected = false;
      s.changedAt = clock.getAsLong();
      s.rttMillis = -1;
    }
    if (reason != null && !reason.isEmpty()) {
      s.lastError = Optional.of("disconnected: " + reason);
    }
  }

  /** A dial failed: a warning the first time, then at most once a minute while it lasts. */
  public synchronized Optional<String> dialFailed(
      final int index, final String address, final String error) {
    final State s = states.get(index);
    if (s == null || s.connected) {
      return Optional.empty();
    }
    s.lastError = Optional.of("dial " + address + ": " + error);
    final long now = clock.getAsLong();
    if (s.lastDialWarningAt != Long.MIN_VALUE
        && now - s.lastDialWarningAt < DIAL_WARNING_INTERVAL_MILLIS) {
      return Optional.empty();
    }
    s.lastDialWarningAt = now;
    return Optional.of("peer " + label(index) + " not reachable: tried " + address + ": " + error);
  }

  public synchronized void messageReceived(final int index) {
    final State s = states.get(index);
    if (s != null) {
      s.lastMessageAt = clock.getAsLong();
    }
  }

  public synchronized void rtt(final int index, final long millis) {
    final State s = states.get(index);
    if (s != null) {
      s.rttMillis = millis;
    }
  }

  /**
   * A peer's info arrived: as the answer to our request ({@code sentAt}/{@code receivedAt} present,
   * which gives the clock offset) or as its request. Returns the warnings it causes.
   */
  public synchronized List<String> peerInfo(
      final int index, final PeerInfo info, final Optional<long[]> sentAndReceivedAt) {
    final State s = states.get(index);
    if (s == null) {
      return List.of();
    }
    final List<String> warnings = new java.util.ArrayList<>();
    s.lastMessageAt = clock.getAsLong();
    s.version = Optional.of(info.version());
    final boolean newHash = !s.lockHash.equals(Optional.of(info.lockHash()));
    s.lockHash = Optional.of(info.lockHash());
    if (newHash && !info.lockHash().equals(ownLockHash)) {
      warnings.add(
          "peer "
              + label(index)
              + " runs another cluster lock: lock hash "
              + info.lockHash()
              + ", this node "
              + ownLockHash
              + " (every operator must run the same cluster-lock.json)");
    }
    if (sentAndReceivedAt.isPresent()) {
      final long sent = sentAndReceivedAt.get()[0];
      final long received = sentAndReceivedAt.get()[1];
      final long offset = info.timeMillis() - (sent + received) / 2;
      final long uncertainty = (received - sent + 1) / 2;
      s.clockOffsetMillis = Optional.of(offset);
      final boolean tooFar = Math.abs(offset) - uncertainty > MAX_CLOCK_OFFSET_MILLIS;
      if (tooFar && !s.offsetWarned) {
        warnings.add(
            "clock offset to peer "
                + label(index)
                + " is "
                + offset
                + " ms (more than "
                + MAX_CLOCK_OFFSET_MILLIS
                + " ms; check NTP on both machines)");
      }
      s.offsetWarned = tooFar;
    }
    return warnings;
  }

  private String label(final int index) {
    final Peer peer = peers.get(index);
    return "'" + peer.name() + "' (operator " + index + ", " + peer.peerId() + ")";
  }

  @Override
  public String name() {
    return "peers";
  }

  @Override
  public synchronized JsonNode snapshot() {
    final long now = clock.getAsLong();
    final ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (final Peer peer : peers.values()) {
      final State s = states.get(peer.index());
      final ObjectNode node = array.addObject();
      node.put("index", peer.index());
      node.put("name", peer.name());
      node.put("peer_id", peer.peerId());
      node.put("address", peer.address().orElse(""));
      node.put("connected", s.connected);
      node.put("since_ms", now - s.changedAt);
      putOptional(node, "rtt_ms", s.rttMillis >= 0 ? Optional.of(s.rttMillis) : Optional.empty());
      putOptional(node, "clock_offset_ms", s.clockOffsetMillis);
      node.put("version", s.version.orElse(""));
      node.put("lock_hash_matches", s.lockHash.map(ownLockHash::equals).orElse(false));
      node.put("lock_hash", s.lockHash.orElse(""));
      putOptional(
          node,
          "last_message_ms_ago",
          s.lastMessageAt >= 0 ? Optional.of(now - s.lastMessageAt) : Optional.empty());
      node.put("last_error", s.lastError.orElse(""));
    }
    return array;
  }

  private static void putOptional(final ObjectNode node, final String key, final Optional<Long> v) {
    if (v.isPresent()) {
      node.put(key, v.get());
    } else {
      node.putNull(key);
    }
  }
}
