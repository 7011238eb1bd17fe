package io.dvc.consensus.driver;

/**
 * Asks the owner of the event loop to call {@link QbftEventLoop#onWakeup()} at (or soon after) the
 * given time of the loop's clock. Extra or early wake-ups are harmless.
 */
@FunctionalInterface
public interface WakeupScheduler {
  void wakeAt(long millis);
}
