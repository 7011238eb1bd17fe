package io.dvc.node.monitor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.api.AttestationReward;
import io.dvc.node.beacon.api.BlockHeaderInfo;
import io.dvc.node.beacon.api.GetBlockHeader;
import io.dvc.node.beacon.api.GetProposerDuties;
import io.dvc.node.beacon.api.PostAttestationRewards;
import io.dvc.node.beacon.api.ProposerDuty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * The independent liveness monitor: checks from the chain what became of each distributed
 * validator's duties of the previous epoch — attestation flags from {@code POST
 * /eth/v1/beacon/rewards/attestations/{epoch}}, proposals from the proposer duties and the block
 * header at each duty slot — and feeds them to the {@link LivenessTracker}. Needs no key: only the
 * validators' indices and beacon nodes. {@link #onSlot} is called once per slot; the previous epoch
 * is checked from its successor's {@value #CHECK_FROM_SLOT}nd slot on (late attestations of its
 * last slot are in by then), and retried each slot until it succeeds or the next epoch is due.
 */
public final class ChainMonitor {
  static final int CHECK_FROM_SLOT = 2;

  private final BeaconClient beacon;
  private final List<Long> validators;
  private final Set<Long> validatorSet;
  private final long slotsPerEpoch;
  private final LivenessTracker tracker;
  private final MonitorMetrics metrics;
  private final Optional<SubmissionLog> submissions;
  private final AlertLog alerts;
  private final Logger log;
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private volatile long lastChecked = -1;
  private volatile long lastFailureLogged = -1;

  public ChainMonitor(
      final BeaconClient beacon,
      final List<Long> validatorIndices,
      final long slotsPerEpoch,
      final LivenessTracker tracker,
      final MonitorMetrics metrics,
      final Optional<SubmissionLog> submissions,
      final AlertLog alerts,
      final Logger log) {
    this.beacon = beacon;
    this.validators = List.copyOf(validatorIndices);
    this.validatorSet = Set.copyOf(validatorIndices);
    this.slotsPerEpoch = slotsPerEpoch;
    this.tracker = tracker;
    this.metrics = metrics;
    this.submissions = submissions;
    this.alerts = alerts;
    this.log = log;
    metrics.watching(validators.size());
  }

  /** Checks the previous epoch when it is due; completes when done (or at once when not due). */
  public CompletableFuture<Void> onSlot(final long slot) {
    final long epoch = slot / slotsPerEpoch - 1;
    final long slotInEpoch = slot % slotsPerEpoch;
    if (epoch < 0
        || epoch <= lastChecked
        || slotInEpoch < Math.min(CHECK_FROM_SLOT, slotsPerEpoch - 1)
        || validators.isEmpty()
        || !inFlight.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<EpochObservation> checked;
    try {
      checked = check(epoch);
    } catch (final RuntimeException e) {
      checked = CompletableFuture.failedFuture(e);
    }
    return checked.handle(
        (observed, error) -> {
          inFlight.set(false);
          if (error == null) {
            lastChecked = epoch;
          } else if (lastFailureLogged != epoch) {
            lastFailureLogged = epoch;
            log.warn(
                "liveness monitor cannot check epoch {} yet (retrying each slot): {}",
                epoch,
                error.getCause() == null ? error.getMessage() : error.getCause().getMessage());
          }
          return null;
        });
  }

  /** Checks one epoch now: observes it, logs and counts the alerts. */
  public CompletableFuture<EpochObservation> check(final long epoch) {
    final CompletableFuture<List<AttestationCheck>> attestations =
        beacon
            .call(new PostAttestationRewards(epoch, validators))
            .thenApply(
                rewards -> {
                  final List<AttestationCheck> checks = new ArrayList<>(rewards.size());
                  for (final AttestationReward reward : rewards) {
                    checks.add(AttestationCheck.of(reward));
                  }
                  return checks;
                });
    final CompletableFuture<List<ProposalCheck>> proposals = proposals(epoch);
    return attestations
        .thenCombine(proposals, (a, p) -> new EpochObservation(epoch, a, p))
        .thenApply(
            observation -> {
              final List<Alert> raised = tracker.observe(observation, submissions);
              metrics.observed(observation, tracker.snapshot());
              alerts.raiseAll(raised);
              return observation;
            });
  }

  private CompletableFuture<List<ProposalCheck>> proposals(final long epoch) {
    return beacon
        .call(new GetProposerDuties(epoch, slotsPerEpoch))
        .thenCompose(
            duties -> {
              final List<CompletableFuture<ProposalCheck>> checks = new ArrayList<>();
              final Set<Long> seen = new HashSet<>();
              for (final ProposerDuty duty : duties.duties()) {
                if (validatorSet.contains(duty.validatorIndex())
                    && duty.slot() != 0
                    && seen.add(duty.slot())) {
                  checks.add(
                      beacon
                          .call(new GetBlockHeader(duty.slot()))
                          .thenApply(header -> proposal(duty, header)));
                }
              }
              return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                  .thenApply(ignored -> checks.stream().map(CompletableFuture::join).toList());
            });
  }

  private static ProposalCheck proposal(
      final ProposerDuty duty, final Optional<BlockHeaderInfo> header) {
    return new ProposalCheck(
        duty.slot(),
        duty.validatorIndex(),
        header.map(h -> h.proposerIndex() == duty.validatorIndex()).orElse(false));
  }

  /** The {@code liveness} section of the JSON view. */
  public ObjectNode toJson() {
    final LivenessTracker.Snapshot snapshot = tracker.snapshot();
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("validators", validators.size());
    node.put("alert_after_misses", tracker.config().alertAfterMisses());
    node.put("effectiveness_threshold", tracker.config().effectivenessThreshold());
    if (snapshot.lastEpoch() >= 0) {
      node.put("checked_epoch", snapshot.lastEpoch());
    }
    snapshot.effectiveness().ifPresent(e -> node.put("effectiveness", e));
    snapshot.headCorrect().ifPresent(h -> node.put("head_correct", h));
    final var missing = node.putArray("missing_validators");
    for (final LivenessTracker.ValidatorState state : snapshot.validators()) {
      if (state.missedInARow() > 0) {
        missing
            .addObject()
            .put("validator_index", state.index())
            .put("missed_in_a_row", state.missedInARow())
            .put("last_included_epoch", state.lastIncludedEpoch())
            .put("missed", state.missed())
            .put("checked", state.checked());
      }
    }
    return node;
  }
}
