package io.dvc.node.monitor;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The liveness monitor's metrics, registered in the node's or the monitor's registry. */
public final class MonitorMetrics {
  private final Gauge checkedEpoch;
  private final Gauge validators;
  private final Gauge effectiveness;
  private final Gauge headCorrect;
  private final Counter attestations;
  private final Counter proposals;
  private final Gauge missedInARow;
  private final Counter alerts;

  public MonitorMetrics(final PrometheusRegistry registry) {
    checkedEpoch =
        Gauge.builder()
            .name("dvc_monitor_checked_epoch")
            .help("The last epoch the liveness monitor checked on chain")
            .register(registry);
    validators =
        Gauge.builder()
            .name("dvc_monitor_validators")
            .help("Distributed validators the liveness monitor watches")
            .register(registry);
    effectiveness =
        Gauge.builder()
            .name("dvc_monitor_effectiveness")
            .help(
                "Share of the cluster's attestations of the last checked epoch on chain with"
                    + " correct source and target")
            .register(registry);
    headCorrect =
        Gauge.builder()
            .name("dvc_monitor_head_correct")
            .help(
                "Share of the cluster's attestations of the last checked epoch with the correct"
                    + " head")
            .register(registry);
    attestations =
        Counter.builder()
            .name("dvc_monitor_attestations_total")
            .help(
                "Attestations checked on chain by result (correct, wrong_head, wrong_target,"
                    + " missed)")
            .labelNames("result")
            .register(registry);
    proposals =
        Counter.builder()
            .name("dvc_monitor_proposals_total")
            .help("Proposer duties checked on chain by result (included, missed)")
            .labelNames("result")
            .register(registry);
    missedInARow =
        Gauge.builder()
            .name("dvc_monitor_validator_missed_in_a_row")
            .help("Epochs in a row a validator's attestation is missing on chain")
            .labelNames("validator")
            .register(registry);
    alerts =
        Counter.builder()
            .name("dvc_monitor_alerts_total")
            .help("Alerts logged by kind")
            .labelNames("kind")
            .register(registry);
    for (final String result : new String[] {"correct", "wrong_head", "wrong_target", "missed"}) {
      attestations.labelValues(result);
    }
    proposals.labelValues("included");
    proposals.labelValues("missed");
  }

  void watching(final int count) {
    validators.set(count);
  }

  void observed(final EpochObservation observation, final LivenessTracker.Snapshot snapshot) {
    checkedEpoch.set(observation.epoch());
    observation.attestations().forEach(a -> attestations.labelValues(a.result()).inc());
    observation
        .proposals()
        .forEach(p -> proposals.labelValues(p.included() ? "included" : "missed").inc());
    snapshot.effectiveness().ifPresent(effectiveness::set);
    snapshot.headCorrect().ifPresent(headCorrect::set);
    for (final LivenessTracker.ValidatorState state : snapshot.validators()) {
      missedInARow.labelValues(Long.toString(state.index())).set(state.missedInARow());
    }
  }

  /** Counts an alert of any monitor (liveness, diversity, resources). */
  public void alert(final String kind) {
    alerts.labelValues(kind).inc();
  }
}
