package io.dvc.node.duties.aggregation;

import io.dvc.node.beacon.api.AttesterDuty;
import io.dvc.node.beacon.api.BeaconCommitteeSubscription;
import io.dvc.node.beacon.api.PostCommitteeSubscriptions;
import io.dvc.node.duty.DutyType;
import io.dvc.node.pipeline.Combined;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.spec.Selection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which of the cluster's attesters aggregate: decided on the combined, verified selection proof
 * only (a partial never decides; BLS is deterministic, so every node decides alike). Each selected
 * validator's committee subscription is sent again with {@code is_aggregator} true to every beacon
 * node, batched per combined batch. Owned by the workflow thread.
 */
final class Selections {
  /** How many slots ahead a selection-proof round runs. */
  static final long LOOKAHEAD_SLOTS = 2;

  private record Key(long slot, long validator) {}

  private final PluginContext context;
  private final AggregationSchedule schedule;
  private final Set<Key> watched = new HashSet<>();
  private final Map<Key, Combined> selected = new HashMap<>();
  private final List<BeaconCommitteeSubscription> pending = new ArrayList<>();

  Selections(final PluginContext context, final AggregationSchedule schedule) {
    this.context = context;
    this.schedule = schedule;
  }

  /** Waits for the combined selection proof of this duty (from its slot's round). */
  void watch(final AttesterDuty duty) {
    final Key key = new Key(duty.slot(), duty.validatorIndex());
    if (!watched.add(key)) {
      return;
    }
    context
        .preConsensus()
        .await(DutyType.SELECTION_PROOF, duty.slot(), duty.validatorIndex(), 0)
        .thenAccept(proof -> onProof(duty, proof));
  }

  /** The combined selection proof of a validator selected to aggregate at the slot. */
  Optional<Combined> selected(final long slot, final long validator) {
    return Optional.ofNullable(selected.get(new Key(slot, validator)));
  }

  void prune(final long beforeSlot) {
    watched.removeIf(k -> k.slot() < beforeSlot);
    selected.keySet().removeIf(k -> k.slot() < beforeSlot);
  }

  private void onProof(final AttesterDuty duty, final Combined proof) {
    if (!Selection.isAggregator(duty.committeeLength(), proof.signature().toBytes())) {
      return; // not selected: no duty, not a failure
    }
    selected.put(new Key(duty.slot(), duty.validatorIndex()), proof);
    if (pending.isEmpty()) {
      context.loop().execute(this::subscribe);
    }
    pending.add(
        new BeaconCommitteeSubscription(
            duty.validatorIndex(),
            duty.committeeIndex(),
            duty.committeesAtSlot(),
            duty.slot(),
            true));
  }

  private void subscribe() {
    final List<BeaconCommitteeSubscription> batch = List.copyOf(pending);
    pending.clear();
    if (batch.isEmpty()) {
      return;
    }
    context
        .beacon()
        .call(new PostCommitteeSubscriptions(batch))
        .exceptionally(
            error -> {
              context.log().debug("aggregator subscriptions refused: {}", error.getMessage());
              return null;
            });
  }
}
