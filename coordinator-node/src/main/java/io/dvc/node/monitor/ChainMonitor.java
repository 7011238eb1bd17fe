package io.dvc.node.monitor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.api.AttestationReward;
import io.dvc.node.beacon.api.BlockHeaderInfo;
import io.dvc.node.beacon.api.GetBlockHeader;
import io.dvc.node.beacon.api.GetProposerDuties;
import io.dvc.node.beacon.api.PostAttestationRewards;
import io.dvc.node.beacon.api.PostSyncCommitteeRewards;
import io.dvc.node.beacon.api.ProposerDuty;
import io.dvc.node.beacon.api.SyncCommitteeReward;
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
 * header at each duty slot, sync committee participation from {@code POST
 * /eth/v1/beacon/rewards/sync_committee/{block_id}} of each block of the epoch (the block of slot s
 * + 1 carries the messages of slot s; an empty slot is skipped; when the epoch's first block names
 * no cluster validator, none sits in the committee and the other blocks are not asked) — and feeds
 * them to the {@link LivenessTracker}. Sync committee rewards that cannot be read leave that
 * epoch's sync participation unchecked (logged) without holding back the rest. Needs no key: only
 * the validators' indices and beacon nodes. {@link #onSlot} is called once per slot; the previous
 * epoch is checked from its successor's {@value #CHECK_FROM_SLOT}nd slot on (late attestations of
 * its last slot are in by then), and retried each slot until it succeeds or the next epoch is due.
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
    final CompletableFuture<Optional<List<SyncCheck>>> sync = syncCommittee(epoch);
    return attestations
        .thenCombine(proposals, (a, p) -> new EpochObservation(epoch, a, p))
        .thenCombine(
            sync, (o, s) -> new EpochObservation(o.epoch(), o.attestations(), o.proposals(), s))
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

  /** The block of a slot and its sync committee rewards of the asked validators. */
  private record BlockRewards(long slot, List<SyncCommitteeReward> rewards) {}

  private CompletableFuture<Optional<List<SyncCheck>>> syncCommittee(final long epoch) {
    final long end = (epoch + 1) * slotsPerEpoch;
    return firstBlock(Math.max(1, epoch * slotsPerEpoch), end)
        .thenCompose(
            found -> {
              if (found.isEmpty()) {
                throw new IllegalStateException(
                    "no slot of the epoch has a block with sync committee rewards (404 for each)");
              }
              final List<CompletableFuture<List<SyncCheck>>> blocks = new ArrayList<>();
              blocks.add(CompletableFuture.completedFuture(checks(found.get())));
              if (!found.get().rewards().isEmpty()) {
                for (long slot = found.get().slot() + 1; slot < end; slot++) {
                  final long blockSlot = slot;
                  blocks.add(
                      beacon
                          .call(new PostSyncCommitteeRewards(blockSlot, validators))
                          .thenApply(
                              r ->
                                  r.map(rewards -> checks(new BlockRewards(blockSlot, rewards)))
                                      .orElse(List.of())));
                }
              }
              return CompletableFuture.allOf(blocks.toArray(CompletableFuture[]::new))
                  .thenApply(
                      ignored ->
                          Optional.of(blocks.stream().flatMap(b -> b.join().stream()).toList()));
            })
        .exceptionally(
            error -> {
              log.warn(
                  "liveness monitor: sync committee participation of epoch {} not checked: {}",
                  epoch,
                  error.getCause() == null ? error.getMessage() : error.getCause().getMessage());
              return Optional.empty();
            });
  }

  /** The first block from {@code slot} on (before {@code end}) and its sync committee rewards. */
  private CompletableFuture<Optional<BlockRewards>> firstBlock(final long slot, final long end) {
    if (slot >= end) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return beacon
        .call(new PostSyncCommitteeRewards(slot, validators))
        .thenCompose(
            rewards ->
                rewards.isPresent()
                    ? CompletableFuture.completedFuture(
                        Optional.of(new BlockRewards(slot, rewards.get())))
                    : firstBlock(slot + 1, end));
  }

  /** The messages of the slot before the block: carried when the reward is not negative. */
  private List<SyncCheck> checks(final BlockRewards block) {
    final List<SyncCheck> checks = new ArrayList<>(block.rewards().size());
    for (final SyncCommitteeReward reward : block.rewards()) {
      if (validatorSet.contains(reward.validatorIndex())) {
        checks.add(new SyncCheck(block.slot() - 1, reward.validatorIndex(), reward.reward() >= 0));
      }
    }
    return checks;
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
    final ObjectNode sync = node.putObject("sync_committee");
    sync.put("alert_after_misses", tracker.config().syncAlertAfterMisses());
    snapshot.syncParticipation().ifPresent(p -> sync.put("participation", p));
    final var members = sync.putArray("members");
    for (final SyncTracker.SyncState state : snapshot.syncCommittee()) {
      if (state.member() || state.missedInARow() > 0) {
        final ObjectNode member =
            members
                .addObject()
                .put("validator_index", state.index())
                .put("missed_in_a_row", state.missedInARow())
                .put("last_participated_slot", state.lastParticipatedSlot())
                .put("missed", state.missed())
                .put("checked", state.checked());
        state.participation().ifPresent(p -> member.put("participation", p));
      }
    }
    return node;
  }
}
