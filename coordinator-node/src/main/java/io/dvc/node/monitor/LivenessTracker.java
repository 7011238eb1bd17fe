package io.dvc.node.monitor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The liveness monitor's state machine, without I/O: takes what the chain shows of each epoch (in
 * increasing epoch order; an epoch seen before is ignored) and returns the alerts: a validator
 * whose attestations are missed {@code alertAfterMisses} epochs in a row (once per streak), the
 * cluster's effectiveness below the threshold, a missed proposal, a sync committee member missing
 * from {@code syncAlertAfterMisses} blocks in a row ({@link SyncTracker}), and — with what this
 * node submitted — an attestation, block or sync committee message submitted but never included.
 * Thread-safe.
 */
public final class LivenessTracker {
  private final MonitorConfig config;
  private final Map<Long, ValidatorState> validators = new TreeMap<>();
  private long lastEpoch = -1;
  private Optional<Double> effectiveness = Optional.empty();
  private Optional<Double> headCorrect = Optional.empty();
  private final SyncTracker sync;

  /** One validator's record: current streak of missed epochs, last epoch included, totals. */
  public record ValidatorState(
      long index, int missedInARow, long lastIncludedEpoch, long checked, long missed) {}

  /**
   * The state as the JSON view and metrics show it.
   *
   * @param syncParticipation the share of the cluster's sync committee messages of the last epoch
   *     whose sync was checked that its blocks carry (absent: no member, or never checked)
   */
  public record Snapshot(
      long lastEpoch,
      Optional<Double> effectiveness,
      Optional<Double> headCorrect,
      List<ValidatorState> validators,
      Optional<Double> syncParticipation,
      List<SyncTracker.SyncState> syncCommittee) {}

  public LivenessTracker(final MonitorConfig config, final Collection<Long> validatorIndices) {
    this.config = config;
    for (final long index : validatorIndices) {
      validators.put(index, new ValidatorState(index, 0, -1, 0, 0));
    }
    this.sync = new SyncTracker(config.syncAlertAfterMisses(), validatorIndices);
  }

  public MonitorConfig config() {
    return config;
  }

  /**
   * Applies one epoch.
   *
   * @param submissions what this node submitted, when known (the node's own monitor)
   */
  public synchronized List<Alert> observe(
      final EpochObservation observation, final Optional<SubmissionLog> submissions) {
    final long epoch = observation.epoch();
    if (epoch <= lastEpoch) {
      return List.of();
    }
    lastEpoch = epoch;
    final List<Alert> alerts = new ArrayList<>();
    int targetCorrect = 0;
    int head = 0;
    int checked = 0;
    for (final AttestationCheck check : observation.attestations()) {
      final ValidatorState before = validators.get(check.validatorIndex());
      if (before == null) {
        continue;
      }
      checked++;
      targetCorrect += check.target() ? 1 : 0;
      head += check.head() ? 1 : 0;
      final ValidatorState after = apply(before, check, epoch);
      validators.put(check.validatorIndex(), after);
      if (check.missed()) {
        missedAlerts(epoch, check.validatorIndex(), after, submissions, alerts);
      }
    }
    if (checked > 0) {
      final double share = (double) targetCorrect / checked;
      effectiveness = Optional.of(share);
      headCorrect = Optional.of((double) head / checked);
      if (share < config.effectivenessThreshold()) {
        alerts.add(
            Alert.cluster(
                "low_effectiveness",
                epoch,
                String.format(
                    java.util.Locale.ROOT,
                    "cluster effectiveness %.1f %% in epoch %d (%d of %d attestations with correct"
                        + " source and target) is below %.1f %%",
                    share * 100,
                    epoch,
                    targetCorrect,
                    checked,
                    config.effectivenessThreshold() * 100)));
      }
    }
    for (final ProposalCheck proposal : observation.proposals()) {
      if (!proposal.included()) {
        final boolean submitted =
            submissions
                .map(s -> s.proposed(proposal.validatorIndex(), proposal.slot()))
                .orElse(false);
        alerts.add(
            Alert.validator(
                submitted ? "submitted_not_included" : "missed_proposal",
                epoch,
                proposal.validatorIndex(),
                "validator "
                    + proposal.validatorIndex()
                    + (submitted
                        ? " published a block for slot " + proposal.slot() + " that the chain lacks"
                        : " missed its proposal at slot " + proposal.slot())));
      }
    }
    observation
        .syncCommittee()
        .ifPresent(checks -> alerts.addAll(sync.observe(epoch, checks, submissions)));
    return List.copyOf(alerts);
  }

  private static ValidatorState apply(
      final ValidatorState before, final AttestationCheck check, final long epoch) {
    return new ValidatorState(
        before.index(),
        check.missed() ? before.missedInARow() + 1 : 0,
        check.missed() ? before.lastIncludedEpoch() : epoch,
        before.checked() + 1,
        before.missed() + (check.missed() ? 1 : 0));
  }

  private void missedAlerts(
      final long epoch,
      final long validator,
      final ValidatorState state,
      final Optional<SubmissionLog> submissions,
      final List<Alert> alerts) {
    if (submissions.map(s -> s.attested(validator, epoch)).orElse(false)) {
      alerts.add(
          Alert.validator(
              "submitted_not_included",
              epoch,
              validator,
              "validator "
                  + validator
                  + "'s attestation of epoch "
                  + epoch
                  + " was submitted and accepted by the beacon node but never included"));
    }
    if (state.missedInARow() == config.alertAfterMisses()) {
      alerts.add(
          Alert.validator(
              "missed_attestations",
              epoch,
              validator,
              "validator "
                  + validator
                  + " missed its attestation "
                  + state.missedInARow()
                  + " epochs in a row (epochs "
                  + (epoch - state.missedInARow() + 1)
                  + ".."
                  + epoch
                  + (state.lastIncludedEpoch() < 0
                      ? ", never included"
                      : ", last included in epoch " + state.lastIncludedEpoch())
                  + ")"));
    }
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(
        lastEpoch,
        effectiveness,
        headCorrect,
        List.copyOf(validators.values()),
        sync.participation(),
        sync.states());
  }
}
