package io.dvc.node.duties.proposer;

import io.dvc.node.duty.DutyType;
import io.dvc.node.pipeline.Combined;
import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.node.pipeline.SigningRequest;
import io.dvc.node.pipeline.SlotOffset;
import io.dvc.node.pipeline.SubmitReport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The RANDAO reveal of each proposal as a pre-consensus round done ahead of time: it depends only
 * on the epoch, so the nodes sign, exchange and combine it as soon as the proposer duty is known
 * (or at the slot start for a late duty). The combined reveal is verified against the validator's
 * key by the aggregator and kept in the AggSigDb, where the proposal awaits it; nothing is sent to
 * a beacon node.
 */
final class RandaoPlugin implements DutyPlugin {
  private final PluginContext context;
  private final ProposerSchedule schedule;

  RandaoPlugin(final PluginContext context, final ProposerSchedule schedule) {
    this.context = context;
    this.schedule = schedule;
  }

  @Override
  public DutyType type() {
    return DutyType.RANDAO;
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
    // the proposer plug-in prunes the shared schedule
  }

  @Override
  public List<Long> validatorsAt(final long slot) {
    return schedule.dutyAt(slot).map(d -> List.of(d.validatorIndex())).orElse(List.of());
  }

  @Override
  public List<Long> slotsWithDuties(final long epoch) {
    return schedule.slotsWithDuties(epoch);
  }

  /** The value is the epoch; nothing is fetched. */
  @Override
  public CompletableFuture<byte[]> fetch(final long slot, final List<Long> validators) {
    return CompletableFuture.completedFuture(
        java.nio.ByteBuffer.allocate(8).putLong(context.clock().epochOf(slot)).array());
  }

  @Override
  public Optional<String> check(
      final long slot,
      final List<Long> validators,
      final Optional<byte[]> own,
      final byte[] proposed) {
    return Optional.of("the RANDAO reveal needs no consensus");
  }

  @Override
  public List<SigningRequest> signingRequests(
      final long slot, final List<Long> validators, final byte[] decided) {
    final long epoch = context.clock().epochOf(slot);
    return validators.stream()
        .map(
            v ->
                (SigningRequest)
                    new SigningRequest.Unslashable(
                        v, context.signingRoots().randaoReveal(epoch), "randao_reveal"))
        .toList();
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
