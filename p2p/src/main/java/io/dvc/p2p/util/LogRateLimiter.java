package io.dvc.p2p.util;

import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Decides whether a log line about untrusted traffic (a refused stranger, a failed handshake) may
 * be written: at most {@code burst} lines per {@code intervalNanos}; the lines held back are
 * counted and reported with the next line allowed. No I/O and no clock of its own: the caller
 * supplies the time. Thread safe.
 */
public final class LogRateLimiter {
  private final int burst;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private long windowStart;
  private int used;
  private long suppressed;
  private boolean started;

  public LogRateLimiter(final int burst, final long intervalNanos, final LongSupplier nanoTime) {
    if (burst < 1 || intervalNanos < 1) {
      throw new IllegalArgumentException("burst and interval must be positive");
    }
    this.burst = burst;
    this.intervalNanos = intervalNanos;
    this.nanoTime = nanoTime;
  }

  /** A limiter on the JVM's monotonic clock. */
  public static LogRateLimiter perSecond(final int burst) {
    return new LogRateLimiter(burst, 1_000_000_000L, System::nanoTime);
  }

  /**
   * Empty when the line must be dropped; otherwise the number of lines dropped since the last one
   * allowed (to mention in this line when positive).
   */
  public synchronized OptionalLong tryAcquire() {
    final long now = nanoTime.getAsLong();
    if (!started || now - windowStart >= intervalNanos) {
      started = true;
      windowStart = now;
      used = 0;
    }
    if (used >= burst) {
      suppressed++;
      return OptionalLong.empty();
    }
    used++;
    final long dropped = suppressed;
    suppressed = 0;
    return OptionalLong.of(dropped);
  }

  /** " (N similar lines suppressed)" for a positive count, else "". */
  public static String suffix(final long dropped) {
    return dropped > 0 ? " (" + dropped + " similar lines suppressed)" : "";
  }
}
