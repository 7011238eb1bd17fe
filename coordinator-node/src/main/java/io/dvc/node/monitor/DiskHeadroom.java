package io.dvc.node.monitor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * One directory's disk headroom, without I/O: samples of the directory's size and its file system's
 * free space, the directory's growth rate over the samples of the last window, and the projected
 * days until the file system is full at that rate.
 */
public final class DiskHeadroom {
  private static final double SECONDS_PER_DAY = 86_400;

  private final long windowMillis;
  private final Deque<Sample> samples = new ArrayDeque<>();

  /** A measurement: the directory's size and the free and total bytes of its file system. */
  public record Sample(long millis, long usedBytes, long freeBytes, long totalBytes) {}

  public DiskHeadroom(final long windowMillis) {
    this.windowMillis = windowMillis;
  }

  public synchronized void add(final Sample sample) {
    if (!samples.isEmpty() && sample.millis() <= samples.getLast().millis()) {
      return;
    }
    samples.addLast(sample);
    while (samples.size() > 2 && sample.millis() - samples.getFirst().millis() > windowMillis) {
      samples.removeFirst();
    }
  }

  public synchronized java.util.Optional<Sample> latest() {
    return samples.isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(samples.getLast());
  }

  /** The time the samples in the window span. */
  public synchronized long spanMillis() {
    return samples.size() < 2 ? 0 : samples.getLast().millis() - samples.getFirst().millis();
  }

  /** Bytes per second the directory grew over the window (negative when it shrank). */
  public synchronized OptionalDouble growthBytesPerSecond() {
    if (samples.size() < 2) {
      return OptionalDouble.empty();
    }
    final Sample first = samples.getFirst();
    final Sample last = samples.getLast();
    return OptionalDouble.of(
        (last.usedBytes() - first.usedBytes()) * 1000.0 / (last.millis() - first.millis()));
  }

  /** Days until the file system is full at the directory's growth rate; empty if not growing. */
  public synchronized OptionalDouble daysUntilFull() {
    final OptionalDouble rate = growthBytesPerSecond();
    if (rate.isEmpty() || rate.getAsDouble() <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(samples.getLast().freeBytes() / rate.getAsDouble() / SECONDS_PER_DAY);
  }

  /** The free share of the file system in the latest sample. */
  public synchronized OptionalDouble freeShare() {
    if (samples.isEmpty() || samples.getLast().totalBytes() <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(
        (double) samples.getLast().freeBytes() / samples.getLast().totalBytes());
  }
}
