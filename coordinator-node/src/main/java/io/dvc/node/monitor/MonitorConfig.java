package io.dvc.node.monitor;

/**
 * When the liveness monitor alerts.
 *
 * @param alertAfterMisses a validator that misses this many epochs' attestations in a row is
 *     alerted (once per streak)
 * @param effectivenessThreshold the cluster is alerted when the share of its validators whose
 *     attestation of an epoch reached the chain with the correct source and target is below this
 * @param syncAlertAfterMisses a sync committee member whose messages are missing from this many
 *     blocks in a row is alerted (once per streak; slots without a block do not count)
 */
public record MonitorConfig(
    int alertAfterMisses, double effectivenessThreshold, int syncAlertAfterMisses) {
  /** Sync committee messages missing from this many blocks in a row raise an alert by default. */
  public static final int DEFAULT_SYNC_ALERT_AFTER = 8;

  public MonitorConfig {
    if (alertAfterMisses < 1) {
      throw new IllegalArgumentException(
          "alert after misses must be at least 1, got " + alertAfterMisses);
    }
    if (!(effectivenessThreshold >= 0 && effectivenessThreshold <= 1)) {
      throw new IllegalArgumentException(
          "effectiveness threshold must be in 0..1, got " + effectivenessThreshold);
    }
    if (syncAlertAfterMisses < 1) {
      throw new IllegalArgumentException(
          "sync alert after misses must be at least 1, got " + syncAlertAfterMisses);
    }
  }

  /** With the default sync committee threshold ({@value #DEFAULT_SYNC_ALERT_AFTER} blocks). */
  public MonitorConfig(final int alertAfterMisses, final double effectivenessThreshold) {
    this(alertAfterMisses, effectivenessThreshold, DEFAULT_SYNC_ALERT_AFTER);
  }

  /** Two missed epochs in a row; effectiveness below 90 %; 8 blocks without a sync message. */
  public static MonitorConfig defaults() {
    return new MonitorConfig(2, 0.9, DEFAULT_SYNC_ALERT_AFTER);
  }
}
