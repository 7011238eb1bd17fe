package io.dvc.consensus.driver;

/**
 * Bounds of the event loop's buffer for messages of instances not started yet.
 *
 * @param maxFutureHeights messages more than this many heights above the lowest live height are
 *     dropped
 * @param maxBufferedPerPeer buffered messages per sending peer
 * @param maxBufferedTotal buffered messages in all
 */
public record DriverLimits(int maxFutureHeights, int maxBufferedPerPeer, int maxBufferedTotal) {
  public static final DriverLimits DEFAULT = new DriverLimits(64, 256, 4096);

  public DriverLimits {
    if (maxFutureHeights < 0 || maxBufferedPerPeer < 0 || maxBufferedTotal < 0) {
      throw new IllegalArgumentException("driver limits must be >= 0");
    }
  }
}
