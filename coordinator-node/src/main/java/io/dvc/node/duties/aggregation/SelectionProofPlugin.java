package io.dvc.node.duties.aggregation;

import io.dvc.node.beacon.api.AttesterDuty;
import io.dvc.node.duty.DutyType;
import io.dvc.node.pipeline.Combined;
import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.node.pipeline.SigningRequest;
import io.dvc.node.pipeline.SlotOffset;
import io.dvc.node.pipeline.SubmitReport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The attestation aggregators' selection proofs as one pre-consensus round per slot, run ahead of
 * the slot ({@link #lookaheadSlots()}): a selection proof depends only on the slot, so each node
 * signs the proofs of the slot's attesters, sends them in one message, and the aggregator combines
 * and verifies each against the validator's key; {@link Selections} then decides on the combined
 * proof. One round per slot spreads the work over the epoch (a round for a whole epoch at once
 * stalled the node for seconds at 10,000 validators). A node that learns a slot's duties late (a
 * restart) runs the round when it learns them, as long as the slot is not over.
 */
final class SelectionProofPlugin implements DutyPlugin {
  private final PluginContext context;
  private final AggregationSchedule schedule;
  private final Selections selections;

  SelectionProofPlugin(
      final PluginContext context,
      final AggregationSchedule schedule,
      final Selections selections) {
    this.context = context;
    this.schedule = schedule;
    this.selections = selections;
  }

  @Override
  public DutyType type() {
    return DutyType.SELECTION_PROOF;
  }

  @Override
  public SlotOffset offset() {
    return SlotOffset.AHEAD;
  }

  /** Two thirds into the slot two slots before: after that slot's attestations are out. */
  @Override
  public long lookaheadSlots() {
    return Selections.LOOKAHEAD_SLOTS;
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
  public void onHead(final io.dvc.node.beacon.HeadEvent head) {
    schedule.onHead(head);
  }

  @Override
  public void prune(final long beforeEpoch) {
    schedule.prune(beforeEpoch);
    selections.prune(beforeEpoch * schedule.slotsPerEpoch());
  }

  @Override
  public List<Long> validatorsAt(final long slot) {
    return schedule.dutiesAt(slot).stream()
        .map(AttesterDuty::validatorIndex)
        .filter(context.validators()::containsKey)
        .sorted()
        .toList();
  }

  @Override
  public List<Long> slotsWithDuties(final long epoch) {
    return schedule.dutiesIn(epoch).stream().map(AttesterDuty::slot).distinct().sorted().toList();
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
    return Optional.of("selection proofs need no consensus");
  }

  /** Each asked validator's proof for the slot. */
  @Override
  public List<SigningRequest> signingRequests(
      final long slot, final List<Long> validators, final byte[] decided) {
    final List<SigningRequest> requests = new ArrayList<>(validators.size());
    for (final long validator : validators) {
      final Optional<AttesterDuty> duty = schedule.duty(slot, validator);
      if (duty.isEmpty()) {
        continue;
      }
      selections.watch(duty.get());
      requests.add(
          new SigningRequest.Unslashable(
              validator, context.signingRoots().selectionProof(slot), "selection_proof"));
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
