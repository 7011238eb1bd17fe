package io.dvc.consensus.driver;

import io.dvc.consensus.message.QbftMessage;

/**
 * Sends QBFT messages to cluster peers; must not block the event loop. Implementations send {@code
 * encoded} (the canonical wire bytes); the decoded {@code message} is given alongside for
 * in-process transports and metrics.
 */
public interface Transport {
  void send(int operator, QbftMessage message, byte[] encoded);

  /** Sends to every other member; the default sends one by one. */
  default void broadcast(
      final Iterable<Integer> peers, final QbftMessage message, final byte[] encoded) {
    for (int peer : peers) {
      send(peer, message, encoded);
    }
  }
}
