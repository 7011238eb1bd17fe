package io.dvc.node.duties.aggregation;

import io.dvc.node.beacon.HeadEvent;
import io.dvc.node.beacon.api.AttesterDuties;
import io.dvc.node.beacon.api.AttesterDuty;
import io.dvc.node.beacon.api.PostAttesterDuties;
import io.dvc.node.pipeline.PluginContext;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attester duties of the cluster's validators, as the aggregation duty needs them (committee
 * and its length per validator and slot), for the current and next epoch; reloaded when the head
 * event's dependent root of an epoch changes.
 */
final class AggregationSchedule {
  private final PluginContext context;
  private final long slotsPerEpoch;
  private final List<Long> validators;
  private final Map<Long, AttesterDuties> byEpoch = new ConcurrentHashMap<>();
  private final Map<Long, Map<Long, AttesterDuty>> bySlot = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<AttesterDuties>> loading = new ConcurrentHashMap<>();

  AggregationSchedule(final PluginContext context) {
    this.context = context;
    this.slotsPerEpoch = context.schedule().slotsPerEpoch();
    this.validators = context.validators().keySet().stream().sorted().toList();
  }

  long slotsPerEpoch() {
    return slotsPerEpoch;
  }

  /** Loads the epoch's duties unless known (both plug-ins ask: one request for both). */
  CompletableFuture<Void> ensureLoaded(final long epoch) {
    if (byEpoch.containsKey(epoch)) {
      return CompletableFuture.completedFuture(null);
    }
    final CompletableFuture<AttesterDuties> inFlight = loading.get(epoch);
    if (inFlight != null) {
      return inFlight.thenApply(d -> null);
    }
    final CompletableFuture<AttesterDuties> started = load(epoch);
    loading.put(epoch, started);
    started.whenComplete((d, e) -> loading.remove(epoch, started));
    return started.thenApply(d -> null);
  }

  void onHead(final HeadEvent head) {
    final long epoch = head.slot() / slotsPerEpoch;
    reloadIfChanged(epoch, head.previousDutyDependentRoot());
    reloadIfChanged(epoch + 1, head.currentDutyDependentRoot());
  }

  List<AttesterDuty> dutiesIn(final long epoch) {
    final AttesterDuties duties = byEpoch.get(epoch);
    return duties == null ? List.of() : duties.duties();
  }

  List<AttesterDuty> dutiesAt(final long slot) {
    return List.copyOf(bySlot.getOrDefault(slot, Map.of()).values());
  }

  Optional<AttesterDuty> duty(final long slot, final long validator) {
    return Optional.ofNullable(bySlot.getOrDefault(slot, Map.of()).get(validator));
  }

  void prune(final long beforeEpoch) {
    byEpoch.keySet().removeIf(epoch -> epoch < beforeEpoch);
    bySlot.keySet().removeIf(slot -> slot / slotsPerEpoch < beforeEpoch);
  }

  private void reloadIfChanged(final long epoch, final byte[] dependentRoot) {
    final AttesterDuties known = byEpoch.get(epoch);
    if (known != null && !Arrays.equals(known.dependentRoot().toArray(), dependentRoot)) {
      load(epoch);
    }
  }

  private CompletableFuture<AttesterDuties> load(final long epoch) {
    if (validators.isEmpty()) {
      final AttesterDuties none =
          new AttesterDuties(io.dvc.spec.ssz.Bytes.of(new byte[32]), List.of());
      byEpoch.put(epoch, none);
      return CompletableFuture.completedFuture(none);
    }
    return context
        .beacon()
        .call(new PostAttesterDuties(epoch, validators, slotsPerEpoch))
        .thenApply(
            duties -> {
              final Map<Long, Map<Long, AttesterDuty>> slots = new HashMap<>();
              for (final AttesterDuty d : duties.duties()) {
                slots.computeIfAbsent(d.slot(), x -> new HashMap<>()).put(d.validatorIndex(), d);
              }
              final long first = epoch * slotsPerEpoch;
              for (long slot = first; slot < first + slotsPerEpoch; slot++) {
                final Map<Long, AttesterDuty> at = slots.get(slot);
                if (at == null) {
                  bySlot.remove(slot);
                } else {
                  bySlot.put(slot, Map.copyOf(at));
                }
              }
              byEpoch.put(epoch, duties);
              return duties;
            });
  }
}
