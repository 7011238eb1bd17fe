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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The attestation aggregators' selection proofs of a whole epoch as one pre-consensus round, done
 * as soon as the epoch's attester duties are known: a selection proof depends only on the slot, so
 * each node signs every attester's proof of the epoch at once and sends them in one message. The
 * round is keyed by the epoch's last slot (kept until the epoch ends); a proof's part is its slot's
 * position in the epoch. The aggregator combines and verifies each proof against the validator's
 * key; {@link Selections} then decides on the combined proof. A node that learns the epoch's duties
 * late (a restart) runs the round when it learns them.
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
    if (!schedule.isRoundSlot(slot)) {
      return List.of();
    }
    final Set<Long> validators =
        schedule.dutiesIn(slot / schedule.slotsPerEpoch()).stream()
            .map(AttesterDuty::validatorIndex)
            .filter(context.validators()::containsKey)
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    return List.copyOf(validators);
  }

  @Override
  public List<Long> slotsWithDuties(final long epoch) {
    return schedule.dutiesIn(epoch).isEmpty() ? List.of() : List.of(schedule.roundSlot(epoch));
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
    return Optional.of("selection proofs need no consensus");
  }

  /** Every validator's proof for its attestation slot of the epoch (part: slot in the epoch). */
  @Override
  public List<SigningRequest> signingRequests(
      final long slot, final List<Long> validators, final byte[] decided) {
    final Set<Long> asked = Set.copyOf(validators);
    final List<SigningRequest> requests = new ArrayList<>();
    for (final AttesterDuty duty : schedule.dutiesIn(slot / schedule.slotsPerEpoch())) {
      if (!asked.contains(duty.validatorIndex())) {
        continue;
      }
      selections.watch(duty);
      requests.add(
          new SigningRequest.Unslashable(
              duty.validatorIndex(),
              context.signingRoots().selectionProof(duty.slot()),
              "selection_proof",
              selections.part(duty.slot())));
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
