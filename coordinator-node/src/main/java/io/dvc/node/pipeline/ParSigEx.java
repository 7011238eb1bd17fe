package io.dvc.node.pipeline;

import io.dvc.common.events.Subscribers;
import io.dvc.node.cluster.Operator;
import io.dvc.node.parsig.PartialSignatureCodec;
import io.dvc.node.parsig.PartialSignatureSet;
import io.dvc.p2p.crypto.NodeKey;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The partial-signature exchange: sends this node's sets, signed with its operator key, to every
 * peer, and accepts a peer's set only if it is well formed and signed by that very operator.
 *
 * <p>A peer whose first set of a round (slot, duty kind) arrives long after this node sent its own
 * (a node started late running an epoch's selection-proof round), or whose set arrives again long
 * after the last (a restarted node), missed this node's set: it is sent again to that peer.
 */
public final class ParSigEx {
  public static final String PROTOCOL = "/dvc/parsigex/1.0.0";

  private final PartialSignatureCodec codec;
  private final NodeKey nodeKey;
  private final int selfIndex;
  private final Map<Integer, Operator> operators;
  private final NodeEnvironment.PeerMessaging messaging;
  private final Logger log;
  private final io.dvc.p2p.util.LogRateLimiter warnings;
  private final java.util.function.BiConsumer<Integer, String> peerFault;
  private final Subscribers<PartialSignatureSet> received = new Subscribers<>();
  private final Subscribers<Arrival> arrivals = new Subscribers<>();
  private final java.util.function.LongSupplier nowMillis;
  private final long latePeerMillis;
  private final java.util.TreeMap<Long, Map<Integer, Sent>> sent = new java.util.TreeMap<>();

  /** This node's signed set of a round, when it was sent, and when each peer was last heard. */
  private static final class Sent {
    final byte[] message;
    final long atMillis;
    final Map<Integer, Long> heard = new java.util.HashMap<>();

    Sent(final byte[] message, final long atMillis) {
      this.message = message;
      this.atMillis = atMillis;
    }
  }

  /** A peer's set arrived (for arrival-time metrics). */
  public record Arrival(int operator, long slot, int dutyType) {}

  public ParSigEx(
      final PartialSignatureCodec codec,
      final NodeKey nodeKey,
      final int selfIndex,
      final List<Operator> operators,
      final NodeEnvironment.PeerMessaging messaging,
      final Logger log,
      final java.util.function.LongSupplier nanoTime,
      final java.util.function.BiConsumer<Integer, String> peerFault,
      final java.util.function.LongSupplier nowMillis,
      final long latePeerMillis) {
    this.codec = codec;
    this.nowMillis = nowMillis;
    this.latePeerMillis = latePeerMillis;
    this.nodeKey = nodeKey;
    this.selfIndex = selfIndex;
    this.operators =
        operators.stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Operator::index, o -> o));
    this.messaging = messaging;
    this.log = log;
    this.warnings = new io.dvc.p2p.util.LogRateLimiter(5, 1_000_000_000L, nanoTime);
    this.peerFault = peerFault;
    messaging.handle(PROTOCOL, this::onMessage);
  }

  /** Peers' authenticated sets (output). */
  public void subscribe(final Consumer<PartialSignatureSet> listener) {
    received.subscribe(listener);
  }

  public void subscribeArrivals(final Consumer<Arrival> listener) {
    arrivals.subscribe(listener);
  }

  /** Input: this node's own set. */
  public void broadcast(final PartialSignatureSet set) {
    final byte[] payload = codec.encodePayload(set);
    final byte[] signed =
        codec.encodeSigned(payload, nodeKey.sign(PartialSignatureCodec.sha256(payload)));
    for (final Operator op : operators.values()) {
      if (op.index() != selfIndex) {
        messaging.send(op.index(), PROTOCOL, signed);
      }
    }
    sent.computeIfAbsent(set.slot(), s -> new java.util.HashMap<>())
        .putIfAbsent(set.dutyType(), new Sent(signed, nowMillis.getAsLong()));
  }

  /** Forgets the rounds of slots below this one. */
  public void pruneBefore(final long slot) {
    sent.headMap(slot).clear();
  }

  /**
   * Sends this node's set of the round again to a peer whose set arrives late: its first one long
   * after ours, or one again long after the last (the peer restarted and lost what it had combined,
   * e.g. an epoch's RANDAO reveals done ahead of time). At most once per late interval per peer and
   * round, so a peer repeating its set cannot make this node send more than it receives.
   */
  private void answerLatePeer(final int peer, final PartialSignatureSet set) {
    final Sent own = sent.getOrDefault(set.slot(), Map.of()).get(set.dutyType());
    if (own == null) {
      return;
    }
    final long now = nowMillis.getAsLong();
    final Long last = own.heard.put(peer, now);
    final long since = last == null ? now - own.atMillis : now - last;
    if (since >= latePeerMillis) {
      log.debug(
          "operator {} joined round (slot {}, duty {}) late: sending this node's set again",
          peer,
          set.slot(),
          set.dutyType());
      messaging.send(peer, PROTOCOL, own.message);
    }
  }

  private void onMessage(final int fromOperator, final byte[] wire) {
    final PartialSignatureCodec.Signed signed;
    try {
      signed = codec.decodeSigned(wire);
    } catch (final IllegalArgumentException e) {
      peerFault.accept(fromOperator, "malformed_partial_signatures");
      warnings
          .tryAcquire()
          .ifPresent(
              dropped ->
                  log.warn(
                      "operator {} sent a malformed partial-signature message: {}{}",
                      fromOperator,
                      e.getMessage(),
                      io.dvc.p2p.util.LogRateLimiter.suffix(dropped)));
      return;
    }
    final PartialSignatureSet set = signed.set();
    final Operator sender = operators.get(fromOperator);
    if (sender == null
        || set.operatorIndex() != fromOperator
        || !sender.publicKey().verify(signed.digest(), signed.operatorSignature())) {
      peerFault.accept(fromOperator, "badly_signed_partial_signatures");
      warnings
          .tryAcquire()
          .ifPresent(
              dropped ->
                  log.warn(
                      "operator {} sent partial signatures with a bad operator signature{}",
                      fromOperator,
                      io.dvc.p2p.util.LogRateLimiter.suffix(dropped)));
      return;
    }
    arrivals.deliver(new Arrival(fromOperator, set.slot(), set.dutyType()));
    answerLatePeer(fromOperator, set);
    received.deliver(set);
  }
}
