package io.dvc.node.duties.attester;

import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.HeadEvent;
import io.dvc.node.beacon.api.AttesterDuties;
import io.dvc.node.beacon.api.AttesterDuty;
import io.dvc.node.beacon.api.BeaconCommitteeSubscription;
import io.dvc.node.beacon.api.PostAttesterDuties;
import io.dvc.node.beacon.api.PostCommitteeSubscriptions;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * The attester duties of the cluster's validators for the current and the next epoch. Duties of
 * epoch e depend on the block root that the head event reports as {@code
 * previous_duty_dependent_root} while e is current and as {@code current_duty_dependent_root} while
 * e is next; a head event with a different root reloads them.
 */
final class AttesterSchedule {
  private final BeaconClient beacon;
  private final long slotsPerEpoch;
  private final List<Long> validatorIndices;
  private final Logger log;
  private final Map<Long, AttesterDuties> byEpoch = new ConcurrentHashMap<>();
  private final Map<Long, Map<Long, AttesterDuty>> bySlot = new ConcurrentHashMap<>();

  AttesterSchedule(
      final BeaconClient beacon,
      final long slotsPerEpoch,
      final Collection<Long> validatorIndices,
      final Logger log) {
    this.beacon = beacon;
    this.slotsPerEpoch = slotsPerEpoch;
    this.validatorIndices = List.copyOf(validatorIndices);
    this.log = log;
  }

  CompletableFuture<Void> ensureLoaded(final long epoch) {
    return byEpoch.containsKey(epoch)
        ? CompletableFuture.completedFuture(null)
        : load(epoch).thenApply(d -> null);
  }

  void onHead(final HeadEvent head) {
    final long epoch = head.slot() / slotsPerEpoch;
    reloadIfChanged(epoch, head.previousDutyDependentRoot());
    reloadIfChanged(epoch + 1, head.currentDutyDependentRoot());
  }

  List<AttesterDuty> dutiesAt(final long slot) {
    return List.copyOf(bySlot.getOrDefault(slot, Map.of()).values());
  }

  java.util.Optional<AttesterDuty> duty(final long slot, final long validator) {
    return java.util.Optional.ofNullable(bySlot.getOrDefault(slot, Map.of()).get(validator));
  }

  List<Long> slotsWithDuties(final long epoch) {
    final AttesterDuties duties = byEpoch.get(epoch);
    return duties == null
        ? List.of()
        : duties.duties().stream().map(AttesterDuty::slot).distinct().sorted().toList();
  }

  void prune(final long beforeEpoch) {
    byEpoch.keySet().removeIf(epoch -> epoch < beforeEpoch);
    bySlot.keySet().removeIf(slot -> slot / slotsPerEpoch < beforeEpoch);
  }

  private void reloadIfChanged(final long epoch, final byte[] dependentRoot) {
    final AttesterDuties known = byEpoch.get(epoch);
    if (known != null && !Arrays.equals(known.dependentRoot().toArray(), dependentRoot)) {
      log.info("dependent root of epoch {} changed; reloading attester duties", epoch);
      load(epoch);
    }
  }

  private CompletableFuture<AttesterDuties> load(final long epoch) {
    if (validatorIndices.isEmpty()) {
      final AttesterDuties none =
          new AttesterDuties(io.dvc.spec.ssz.Bytes.of(new byte[32]), List.of());
      byEpoch.put(epoch, none);
      return CompletableFuture.completedFuture(none);
    }
    return beacon
        .call(new PostAttesterDuties(epoch, validatorIndices, slotsPerEpoch))
        .thenApply(
            duties -> {
              final Map<Long, Map<Long, AttesterDuty>> slots = new java.util.HashMap<>();
              for (final AttesterDuty d : duties.duties()) {
                slots
                    .computeIfAbsent(d.slot(), x -> new java.util.HashMap<>())
                    .put(d.validatorIndex(), d);
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
              log.debug("loaded {} attester duties for epoch {}", duties.duties().size(), epoch);
              subscribe(duties);
              return duties;
            });
  }

  /** Tells the beacon nodes which committees the cluster's validators attest in. */
  private void subscribe(final AttesterDuties duties) {
    if (duties.duties().isEmpty()) {
      return;
    }
    final List<BeaconCommitteeSubscription> subscriptions =
        duties.duties().stream()
            .map(
                d ->
                    new BeaconCommitteeSubscription(
                        d.validatorIndex(),
                        d.committeeIndex(),
                        d.committeesAtSlot(),
                        d.slot(),
                        false))
            .toList();
    beacon
        .call(new PostCommitteeSubscriptions(subscriptions))
        .exceptionally(
            error -> {
              log.debug("committee subscriptions refused: {}", error.getMessage());
              return null;
            });
  }
}
