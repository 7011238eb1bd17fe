package io.dvc.node.monitor;

import java.util.OptionalLong;

/**
 * One alert of the monitors, logged as one line.
 *
 * @param kind a stable label: {@code missed_attestations}, {@code low_effectiveness}, {@code
 *     missed_proposal}, {@code missed_sync_committee}, {@code submitted_not_included}, {@code
 *     client_supermajority}, {@code outdated_client}, {@code finality_stalled}, {@code
 *     disk_headroom}
 * @param epoch the epoch it concerns
 * @param validatorIndex the validator, for per-validator alerts
 */
public record Alert(String kind, long epoch, OptionalLong validatorIndex, String message) {
  public static Alert cluster(final String kind, final long epoch, final String message) {
    return new Alert(kind, epoch, OptionalLong.empty(), message);
  }

  public static Alert validator(
      final String kind, final long epoch, final long validatorIndex, final String message) {
    return new Alert(kind, epoch, OptionalLong.of(validatorIndex), message);
  }
}
