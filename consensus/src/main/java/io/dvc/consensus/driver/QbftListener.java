package io.dvc.consensus.driver;

import io.dvc.consensus.qbft.Decision;
import io.dvc.consensus.qbft.Rejection;

/** Receives the event loop's decisions and dropped-message reports. */
public interface QbftListener {
  void onDecided(Decision decision);

  /**
   * A message from the peer was dropped; {@code rejection.reason().isFault()} tells misbehaviour
   * from harmless cases (duplicates, late messages), {@code rejection.detail()} says why in one
   * line.
   */
  default void onDropped(final int fromOperator, final Rejection rejection) {}
}
