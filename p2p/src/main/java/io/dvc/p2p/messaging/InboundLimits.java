package io.dvc.p2p.messaging;

/**
 * Per-peer bounds on one-way messages received but not yet handled, and on their rate. A message
 * over a bound is dropped (counted per peer, one rate-limited log line naming the peer): a peer
 * that floods loses its own messages, while the handler's queue, and so the node's memory, stays
 * bounded by about {@code maxQueuedBytes} per peer.
 *
 * @param maxQueuedMessages messages of one peer waiting for the handler
 * @param maxQueuedBytes bytes of those messages
 * @param messagesPerSecond sustained rate per peer (a token bucket)
 * @param burst messages a peer may send at once above the rate
 */
public record InboundLimits(
    int maxQueuedMessages, long maxQueuedBytes, double messagesPerSecond, int burst) {
  public InboundLimits {
    if (maxQueuedMessages < 1 || maxQueuedBytes < 1 || messagesPerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("inbound limits must be positive");
    }
  }

  /** No practical bound (tests that measure raw throughput). */
  public static InboundLimits unbounded() {
    return new InboundLimits(
        Integer.MAX_VALUE, Long.MAX_VALUE, Double.MAX_VALUE, Integer.MAX_VALUE);
  }

  /**
   * An operator node: far above a cluster's honest traffic (a few dozen QBFT messages and one or
   * two partial-signature sets per peer and slot), far below what exhausts a node's heap.
   */
  public static InboundLimits operatorNode() {
    return new InboundLimits(4_096, 64L << 20, 500, 4_096);
  }
}
