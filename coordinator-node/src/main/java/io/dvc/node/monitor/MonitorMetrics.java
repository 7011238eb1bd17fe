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
  private final Counter syncMessages;
  private final Gauge syncParticipation;
  private final Gauge validatorSyncParticipation;
  private final Gauge syncMissedInARow;

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
    syncMessages =
        Counter.builder()
            .name("dvc_monitor_sync_committee_messages_total")
            .help(
                "Sync committee messages of cluster members checked in the next block by result"
                    + " (included, missed); slots without a next block are not counted")
            .labelNames("result")
            .register(registry);
    syncParticipation =
        Gauge.builder()
            .name("dvc_monitor_sync_participation")
            .help(
                "Share of the cluster's sync committee messages of the last checked epoch that"
                    + " its blocks carry")
            .register(registry);
    validatorSyncParticipation =
        Gauge.builder()
            .name("dvc_monitor_validator_sync_participation")
            .help(
                "Share of the last checked epoch's blocks that carry a sync committee member's"
                    + " message (members only)")
            .labelNames("validator")
            .register(registry);
    syncMissedInARow =
        Gauge.builder()
            .name("dvc_monitor_validator_sync_missed_in_a_row")
            .help("Blocks in a row without a sync committee member's message (members only)")
            .labelNames("validator")
            .register(registry);
    syncMessages.labelValues("included");
    syncMessages.labelValues("missed");
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
    observation
        .syncCommittee()
        .ifPresent(
            checks -> {
              checks.forEach(
                  c -> syncMessages.labelValues(c.participated() ? "included" : "missed").inc());
              snapshot.syncParticipation().ifPresent(syncParticipation::set);
              for (final SyncTracker.SyncState state : snapshot.syncCommittee()) {
                final String validator = Long.toString(state.index());
                if (state.member()) {
                  state
                      .participation()
                      .ifPresent(validatorSyncParticipation.labelValues(validator)::set);
                  syncMissedInARow.labelValues(validator).set(state.missedInARow());
                } else {
                  validatorSyncParticipation.remove(validator);
                  syncMissedInARow.remove(validator);
                }
              }
            });
  }

  /** Counts an alert of any monitor (liveness, diversity, resources). */
  public void alert(final String kind) {
    alerts.labelValues(kind).inc();
  }
}
