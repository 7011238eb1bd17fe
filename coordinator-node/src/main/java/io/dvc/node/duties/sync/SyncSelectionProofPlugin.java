package io.dvc.node.duties.sync;

import io.dvc.node.beacon.api.SyncDuty;
import io.dvc.node.duty.DutyType;
import io.dvc.node.pipeline.Combined;
import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.node.pipeline.SigningRequest;
import io.dvc.node.pipeline.SlotOffset;
import io.dvc.node.pipeline.SubmitReport;
import io.dvc.spec.types.SyncAggregatorSelectionData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

/**
 * The sync aggregators' selection proofs as one pre-consensus round per slot, run ahead of the slot
 * ({@link #lookaheadSlots()}): a proof depends only on (slot, subcommittee), so each node signs the
 * proofs of the slot's members for every subcommittee each sits in, in one message; a proof's part
 * is its subcommittee. Proofs are combined and verified against the validator's key; the
 * contribution duty decides selection on the combined proof only.
 */
final class SyncSelectionProofPlugin implements DutyPlugin {
  private final PluginContext context;
  private final SyncSchedule schedule;

  SyncSelectionProofPlugin(final PluginContext context, final SyncSchedule schedule) {
    this.context = context;
    this.schedule = schedule;
  }

  /** How many slots ahead a round runs (half-way through that slot). */
  static final long LOOKAHEAD_SLOTS = 2;

  /** The part of the proof of a subcommittee in its slot's round. */
  static int part(final long subcommittee) {
    return (int) subcommittee;
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
  public long lookaheadSlots() {
    return LOOKAHEAD_SLOTS;
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
    return schedule.membersAt(slot).stream()
        .map(SyncDuty::validatorIndex)
        .filter(context.validators()::containsKey)
        .distinct()
        .sorted()
        .toList();
  }

  @Override
  public List<Long> slotsWithDuties(final long epoch) {
    final long first = epoch * schedule.slotsPerEpoch();
    return LongStream.range(first, first + schedule.slotsPerEpoch())
        .filter(slot -> !validatorsAt(slot).isEmpty())
        .boxed()
        .toList();
  }

  /** The value is the slot; nothing is fetched. */
  @Override
  public CompletableFuture<byte[]> fetch(final long slot, final List<Long> validators) {
    return CompletableFuture.completedFuture(ByteBuffer.allocate(8).putLong(slot).array());
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
    for (final SyncDuty duty : schedule.membersAt(slot)) {
      if (!asked.contains(duty.validatorIndex())) {
        continue;
      }
      for (final long subcommittee : schedule.subcommittees(duty)) {
        requests.add(
            new SigningRequest.Unslashable(
                duty.validatorIndex(),
                context
                    .signingRoots()
                    .syncSelectionProof(new SyncAggregatorSelectionData(slot, subcommittee)),
                "sync_selection_proof",
                part(subcommittee)));
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
