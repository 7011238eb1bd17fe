package io.dvc.node.duties.sync;

import io.dvc.node.beacon.api.SubmitSyncCommitteeMessages;
import io.dvc.node.beacon.api.SyncDuty;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.pipeline.Combined;
import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.node.pipeline.SigningRequest;
import io.dvc.node.pipeline.SlotOffset;
import io.dvc.node.pipeline.SubmitReport;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SyncCommitteeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sync-committee messages at one third of the slot: each member signs the block root of the slot's
 * decided attestation data (no second consensus: one decision per slot serves attesters and sync
 * members, and the slot is decided even when no cluster validator attests in it). The value is the
 * 32-byte root; messages go to every beacon node with {@code POST
 * /eth/v1/beacon/pool/sync_committees}.
 */
final class SyncMessagePlugin implements DutyPlugin {
  private final PluginContext context;
  private final SyncSchedule schedule;

  SyncMessagePlugin(final PluginContext context, final SyncSchedule schedule) {
    this.context = context;
    this.schedule = schedule;
  }

  @Override
  public DutyType type() {
    return DutyType.SYNC_MESSAGE;
  }

  @Override
  public SlotOffset offset() {
    return SlotOffset.ONE_THIRD;
  }

  @Override
  public boolean needsConsensus() {
    return false;
  }

  @Override
  public CompletableFuture<Void> ensureLoaded(final long epoch) {
    return schedule.ensureLoaded(epoch);
  }

  @Override
  public void prune(final long beforeEpoch) {
    // the selection plug-in prunes the shared schedule
  }

  @Override
  public List<Long> validatorsAt(final long slot) {
    return schedule.membersAt(slot).stream()
        .map(SyncDuty::validatorIndex)
        .filter(context.validators()::containsKey)
        .sorted()
        .distinct()
        .toList();
  }

  @Override
  public List<Long> slotsWithDuties(final long epoch) {
    final List<Long> slots = new ArrayList<>();
    for (long s = epoch * schedule.slotsPerEpoch();
        s < (epoch + 1) * schedule.slotsPerEpoch();
        s++) {
      if (!validatorsAt(s).isEmpty()) {
        slots.add(s);
      }
    }
    return slots;
  }

  /** The decided attestation data's block root, once the slot's attestations are out. */
  @Override
  public CompletableFuture<byte[]> fetch(final long slot, final List<Long> validators) {
    return SyncValues.blockRootAfterAttestations(context, slot, deadlineMillis(slot))
        .thenApply(Bytes::toArray);
  }

  @Override
  public Optional<String> check(
      final long slot,
      final List<Long> validators,
      final Optional<byte[]> own,
      final byte[] proposed) {
    return Optional.of("sync-committee messages need no consensus of their own");
  }

  @Override
  public List<SigningRequest> signingRequests(
      final long slot, final List<Long> validators, final byte[] decided) {
    final Bytes root = context.signingRoots().syncCommitteeMessage(slot, Bytes.of(decided));
    return validators.stream()
        .map(
            v -> (SigningRequest) new SigningRequest.Unslashable(v, root, "sync_committee_message"))
        .toList();
  }

  @Override
  public CompletableFuture<SubmitReport> submit(
      final long slot, final byte[] decided, final List<Combined> signed) {
    final List<Long> order = new ArrayList<>();
    final List<SyncCommitteeMessage> messages = new ArrayList<>();
    for (final Combined c : signed) {
      order.add(c.validatorIndex());
      messages.add(
          new SyncCommitteeMessage(
              slot, Bytes.of(decided), c.validatorIndex(), Bytes.of(c.signature().toBytes())));
    }
    return context
        .beacon()
        .call(
            new SubmitSyncCommitteeMessages(
                messages, context.schedule().schemas().syncCommitteeMessage))
        .thenApply(
            result -> {
              final Map<Long, SubmitReport.Failure> failures = new HashMap<>();
              result
                  .rejected()
                  .forEach(
                      (position, message) ->
                          failures.put(
                              order.get(position),
                              new SubmitReport.Failure(
                                  FailureReason.SUBMIT_ERROR,
                                  "beacon node rejected the sync-committee message: " + message)));
              return new SubmitReport(failures);
            });
  }

  @Override
  public long deadlineMillis(final long slot) {
    return context.clock().slotStartMillis(slot + 1);
  }
}
