package io.dvc.node.duties.sync;

import io.dvc.node.beacon.api.SyncDuty;
import io.dvc.node.duty.DutyType;
import io.dvc.node.pipeline.Combined;
import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.node.pipeline.SigningRequest;
import io.dvc.node.pipeline.SlotOffset;
import io.dvc.node.pipeline.SubmitReport;
import io.dvc.spec.Preset;
import io.dvc.spec.types.SyncAggregatorSelectionData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The sync aggregators' selection proofs of a whole epoch as one pre-consensus round, done as soon
 * as the sync duties are known: a proof depends only on (slot, subcommittee), so each node signs
 * every member's proof for every slot of the epoch and subcommittee it sits in, in one message. The
 * round is keyed by the epoch's last slot; a proof's part is {@code slotInEpoch *
 * SYNC_COMMITTEE_SUBNET_COUNT + subcommittee}. Proofs are combined and verified against the
 * validator's key; the contribution duty decides selection on the combined proof only.
 */
final class SyncSelectionProofPlugin implements DutyPlugin {
  private final PluginContext context;
  private final SyncSchedule schedule;

  SyncSelectionProofPlugin(final PluginContext context, final SyncSchedule schedule) {
    this.context = context;
    this.schedule = schedule;
  }

  /** The part of the proof of (slot, subcommittee) in its epoch's round. */
  static int part(final long slot, final long slotsPerEpoch, final long subcommittee) {
    return (int) ((slot % slotsPerEpoch) * Preset.SYNC_COMMITTEE_SUBNET_COUNT + subcommittee);
  }

  @Override
  public DutyType type() {
    return DutyType.SYNC_SELECTION_PROOF;
  }

  @Override
  public SlotOffset offset() {
    return SlotOffset.AHEAD;
  }

  @Override
  public boolean needsConsensus() {
    return false;
  }

  @Override
  public boolean tracked() {
    return false;
  }

  @Override
  public CompletableFuture<Void> ensureLoaded(final long epoch) {
    return schedule.ensureLoaded(epoch);
  }

  @Override
  public void prune(final long beforeEpoch) {
    schedule.prune(beforeEpoch);
  }

  @Override
  public List<Long> validatorsAt(final long slot) {
    if (!schedule.isRoundSlot(slot)) {
      return List.of();
    }
    final Set<Long> validators = new TreeSet<>();
    final long first = slot - (schedule.slotsPerEpoch() - 1);
    for (long s = first; s <= slot; s++) {
      schedule.membersAt(s).stream()
          .map(SyncDuty::validatorIndex)
          .filter(context.validators()::containsKey)
          .forEach(validators::add);
    }
    return List.copyOf(validators);
  }

  @Override
  public List<Long> slotsWithDuties(final long epoch) {
    final long round = schedule.roundSlot(epoch);
    return validatorsAt(round).isEmpty() ? List.of() : List.of(round);
  }

  /** The value is the epoch; nothing is fetched. */
  @Override
  public CompletableFuture<byte[]> fetch(final long slot, final List<Long> validators) {
    return CompletableFuture.completedFuture(
        ByteBuffer.allocate(8).putLong(slot / schedule.slotsPerEpoch()).array());
  }

  @Override
  public Optional<String> check(
      final long slot,
      final List<Long> validators,
      final Optional<byte[]> own,
      final byte[] proposed) {
    return Optional.of("sync selection proofs need no consensus");
  }

  @Override
  public List<SigningRequest> signingRequests(
      final long slot, final List<Long> validators, final byte[] decided) {
    final Set<Long> asked = Set.copyOf(validators);
    final List<SigningRequest> requests = new ArrayList<>();
    final long first = slot - (schedule.slotsPerEpoch() - 1);
    for (long s = first; s <= slot; s++) {
      for (final SyncDuty duty : schedule.membersAt(s)) {
        if (!asked.contains(duty.validatorIndex())) {
          continue;
        }
        for (final long subcommittee : schedule.subcommittees(duty)) {
          requests.add(
              new SigningRequest.Unslashable(
                  duty.validatorIndex(),
                  context
                      .signingRoots()
                      .syncSelectionProof(new SyncAggregatorSelectionData(s, subcommittee)),
                  "sync_selection_proof",
                  part(s, schedule.slotsPerEpoch(), subcommittee)));
        }
      }
    }
    return requests;
  }

  @Override
  public CompletableFuture<SubmitReport> submit(
      final long slot, final byte[] decided, final List<Combined> signed) {
    return CompletableFuture.completedFuture(SubmitReport.ACCEPTED);
  }

  @Override
  public long deadlineMillis(final long slot) {
    return context.clock().slotStartMillis(slot + 1);
  }
}
