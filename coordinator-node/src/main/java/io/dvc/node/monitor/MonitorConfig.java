package io.dvc.node.monitor;

/**
 * When the liveness monitor alerts.
 *
 * @param alertAfterMisses a validator that misses this many epochs' attestations in a row is
 *     alerted (once per streak)
 * @param effectivenessThreshold the cluster is alerted when the share of its validators whose
 *     attestation of an epoch reached the chain with the correct source and target is below this
 */
public record MonitorConfig(int alertAfterMisses, double effectivenessThreshold) {
  public MonitorConfig {
    if (alertAfterMisses < 1) {
      throw new IllegalArgumentException(
          "alert after misses must be at least 1, got " + alertAfterMisses);
    }
    if (!(effectivenessThreshold >= 0 && effectivenessThreshold <= 1)) {
      throw new IllegalArgumentException(
          "effectiveness threshold must be in 0..1, got " + effectivenessThreshold);
    }
  }

  /** Two missed epochs in a row; effectiveness below 90 %. */
  public static MonitorConfig defaults() {
    return new MonitorConfig(2, 0.9);
  }
}
