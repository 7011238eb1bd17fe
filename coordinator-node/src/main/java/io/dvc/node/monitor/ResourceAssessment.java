package io.dvc.node.monitor;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * When resources deserve an alert, without I/O: finality is stalled when more than {@code
 * stallEpochs} epochs passed since the finalized epoch; a disk needs attention when it will be full
 * within {@code warnDays} at the current growth rate — {@code stalledWarnDays} while finality is
 * stalled (beacon and execution databases grow much faster then) — or has less than 5 % free. A
 * growth rate is trusted for an alert only once the samples span {@code minSpanMillis}; the
 * projection is shown before.
 */
public record ResourceAssessment(
    int stallEpochs, double warnDays, double stalledWarnDays, long minSpanMillis) {
  static final double MIN_FREE_SHARE = 0.05;

  public ResourceAssessment {
    if (stallEpochs < 1 || warnDays <= 0 || stalledWarnDays <= 0 || minSpanMillis < 0) {
      throw new IllegalArgumentException("finality stall epochs must be >= 1 and warning days > 0");
    }
  }

  /** Stalled after 4 epochs; warn at 7 days (30 while stalled); rates trusted after 30 min. */
  public static ResourceAssessment defaults() {
    return new ResourceAssessment(4, 7, 30, 30 * 60_000L);
  }

  public ResourceAssessment withStallEpochs(final int epochs) {
    return new ResourceAssessment(epochs, warnDays, stalledWarnDays, minSpanMillis);
  }

  public boolean finalityStalled(final long epochsSinceFinalized) {
    return epochsSinceFinalized > stallEpochs;
  }

  /** The reason a disk needs attention, or empty. */
  public Optional<String> diskProblem(
      final String name, final DiskHeadroom disk, final boolean finalityStalled) {
    final double limit = finalityStalled ? stalledWarnDays : warnDays;
    final OptionalDouble days = disk.daysUntilFull();
    if (days.isPresent() && days.getAsDouble() < limit && disk.spanMillis() >= minSpanMillis) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "%s disk full in %.1f days at the current growth of %.1f MiB/h%s",
              name,
              days.getAsDouble(),
              disk.growthBytesPerSecond().orElse(0) * 3600 / (1 << 20),
              finalityStalled ? " while finality is stalled (growth speeds up)" : ""));
    }
    final OptionalDouble free = disk.freeShare();
    if (free.isPresent() && free.getAsDouble() < MIN_FREE_SHARE) {
      return Optional.of(
          String.format(
              Locale.ROOT, "%s disk has only %.1f %% free", name, free.getAsDouble() * 100));
    }
    return Optional.empty();
  }

  /** The projection of a disk as text ("data: full in 12.3 days at 4.0 MiB/h over 640 s"). */
  public static Optional<String> projection(final String name, final DiskHeadroom disk) {
    final OptionalDouble rate = disk.growthBytesPerSecond();
    if (rate.isEmpty()) {
      return Optional.empty();
    }
    final OptionalDouble days = disk.daysUntilFull();
    return Optional.of(
        String.format(
            Locale.ROOT,
            "%s: %s at %.1f MiB/h over %d s",
            name,
            days.isPresent()
                ? String.format(Locale.ROOT, "full in %.1f days", days.getAsDouble())
                : "not growing",
            rate.getAsDouble() * 3600 / (1 << 20),
            disk.spanMillis() / 1000));
  }
}
