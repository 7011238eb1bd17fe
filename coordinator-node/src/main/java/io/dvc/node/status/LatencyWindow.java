package io.dvc.node.status;

import java.util.Arrays;

/** The last {@code capacity} durations of something (milliseconds), for p50 and p99. */
public final class LatencyWindow {
  private final long[] samples;
  private int count;
  private int nextIndex;

  public LatencyWindow(final int capacity) {
    samples = new long[capacity];
  }

  public synchronized void add(final long millis) {
    samples[nextIndex] = millis;
    nextIndex = (nextIndex + 1) % samples.length;
    count = Math.min(count + 1, samples.length);
  }

  public synchronized int count() {
    return count;
  }

  /** The q-quantile (0..1) by the nearest-rank method; -1 without samples. */
  public synchronized long quantile(final double q) {
    if (count == 0) {
      return -1;
    }
    final long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    final int rank = (int) Math.ceil(q * count);
    return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
  }
}
