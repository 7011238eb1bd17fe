package io.dvc.node.duties.sync;

import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.pipeline.DutyFailure;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.spec.ssz.Bytes;
import java.util.concurrent.CompletableFuture;

/** What the sync duties take from the slot's decided attestation data. */
final class SyncValues {
  private SyncValues() {}

  /**
   * The block root of the slot's decided attestation data; fails with {@code no_consensus} if the
   * slot is not decided by the deadline.
   */
  static CompletableFuture<Bytes> decidedBlockRoot(
      final PluginContext context, final long slot, final long deadlineMillis) {
    final String failure = "the slot's attestation data was not decided";
    final CompletableFuture<Bytes> root = new CompletableFuture<>();
    context
        .decisions()
        .awaitDecided(DutyType.ATTESTER, slot)
        .whenComplete(
            (value, error) -> {
              if (error != null) {
                root.completeExceptionally(new DutyFailure(FailureReason.NO_CONSENSUS, failure));
              } else {
                root.complete(
                    context
                        .schedule()
                        .schemas()
                        .attestationData
                        .deserialize(value)
                        .beaconBlockRoot());
              }
            });
    // a millisecond before the duty's deadline, so that the duty fails with this reason rather than
    // expiring as still waiting for data
    context
        .timers()
        .at(
            deadlineMillis - 1,
            () -> root.completeExceptionally(new DutyFailure(FailureReason.NO_CONSENSUS, failure)));
    return root;
  }

  /**
   * The decided block root, once this node's attestations of the slot are submitted too, or a sixth
   * of a slot after the decision at the latest: attestations are due at the same moment and count
   * for more, and signing, exchanging and combining the slot's sync-committee messages at the same
   * time would delay them (at 10,000 validators, 503 messages against 312 attestations per slot).
   */
  static CompletableFuture<Bytes> blockRootAfterAttestations(
      final PluginContext context, final long slot, final long deadlineMillis) {
    final CompletableFuture<Bytes> result = new CompletableFuture<>();
    decidedBlockRoot(context, slot, deadlineMillis)
        .whenComplete(
            (root, error) -> {
              if (error != null) {
                result.completeExceptionally(error);
                return;
              }
              context
                  .decisions()
                  .awaitSettled(DutyType.ATTESTER, slot)
                  .whenComplete((ok, ignored) -> result.complete(root));
              final long now = context.clock().time().currentTimeMillis();
              final long latest =
                  Math.min(deadlineMillis - 1, now + context.clock().millisPerSlot() / 6);
              context.timers().at(latest, () -> result.complete(root));
            });
    return result;
  }

  /** The block root if the slot is decided on this node already. */
  static java.util.Optional<Bytes> decidedBlockRootNow(
      final PluginContext context, final long slot) {
    final byte[] value = context.decisions().awaitDecided(DutyType.ATTESTER, slot).getNow(null);
    return value == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(
            context.schedule().schemas().attestationData.deserialize(value).beaconBlockRoot());
  }
}
