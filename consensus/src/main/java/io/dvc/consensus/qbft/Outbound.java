package io.dvc.consensus.qbft;

import io.dvc.consensus.message.QbftMessage;

/**
 * A message to send.
 *
 * @param recipient an operator index, or {@link #ALL_PEERS} for every other member
 */
public record Outbound(int recipient, QbftMessage message) {
  public static final int ALL_PEERS = 0;

  public static Outbound broadcast(final QbftMessage message) {
    return new Outbound(ALL_PEERS, message);
  }

  public static Outbound to(final int operator, final QbftMessage message) {
    return new Outbound(operator, message);
  }

  public boolean isBroadcast() {
    return recipient == ALL_PEERS;
  }
}
