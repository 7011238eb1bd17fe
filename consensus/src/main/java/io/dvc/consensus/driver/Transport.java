package io.dvc.consensus.driver;

/** Sends encoded QBFT messages to cluster peers; must not block the event loop. */
public interface Transport {
  void send(int operator, byte[] message);

  /** Sends to every other member; the default sends one by one. */
  default void broadcast(final Iterable<Integer> peers, final byte[] message) {
    for (int peer : peers) {
      send(peer, message);
    }
  }
}
