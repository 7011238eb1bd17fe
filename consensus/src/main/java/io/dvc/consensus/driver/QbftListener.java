package io.dvc.consensus.driver;

import io.dvc.consensus.qbft.Decision;

/** Receives the event loop's decisions and dropped-message reports. */
public interface QbftListener {
  void onDecided(Decision decision);

  /**
   * A message was dropped.
   *
   * @param fault true for misbehaviour, false for harmless cases (duplicates, late messages)
   * @param reason one line naming the message and the reason
   */
  default void onDropped(final int fromOperator, final boolean fault, final String reason) {}
}
