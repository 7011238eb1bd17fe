package io.dvc.node.workflow;

import io.dvc.node.beaconapi.AttesterDuties;
import io.dvc.node.beaconapi.AttesterDuty;
import io.dvc.node.beaconapi.BeaconNodeClient;
import io.dvc.node.beaconapi.HeadEvent;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the attester duties of the cluster's validators for the current and the next epoch. Duties
 * of epoch e depend on the block root that the head event reports as {@code
 * previous_duty_dependent_root} while e is current and as {@code current_duty_dependent_root} while
 * e is next; a head event with a different root reloads them.
 */
public final class AttesterDutyScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(AttesterDutyScheduler.class);

  private final BeaconNodeClient beacon;
  private final long slotsPerEpoch;
  private final List<Long> validatorIndices;
  private final Map<Long, AttesterDuties> dutiesByEpoch = new ConcurrentHashMap<>();

  public AttesterDutyScheduler(
      final BeaconNodeClient beacon,
      final long slotsPerEpoch,
      final Collection<Long> validatorIndices) {
    this.beacon = beacon;
    this.slotsPerEpoch = slotsPerEpoch;
    this.validatorIndices = List.copyOf(validatorIndices);
  }

  /** Loads the duties of an epoch unless they are loaded already. */
  public CompletableFuture<AttesterDuties> ensureLoaded(final long epoch) {
    final AttesterDuties known = dutiesByEpoch.get(epoch);
    return known != null ? CompletableFuture.completedFuture(known) : load(epoch);
  }

  /** Reloads duties whose dependent root no longer matches the head. */
  public void onHead(final HeadEvent head) {
    final long epoch = head.slot() / slotsPerEpoch;
    reloadIfChanged(epoch, head.previousDutyDependentRoot());
    reloadIfChanged(epoch + 1, head.currentDutyDependentRoot());
  }

  /** The duties at a slot, from what is loaded now. */
  public List<AttesterDuty> dutiesAt(final long slot) {
    final AttesterDuties duties = dutiesByEpoch.get(slot / slotsPerEpoch);
    if (duties == null) {
      return List.of();
    }
    return duties.duties().stream().filter(duty -> duty.slot() == slot).toList();
  }

  /** Forgets epochs before the given one. */
  public void prune(final long beforeEpoch) {
    dutiesByEpoch.keySet().removeIf(epoch -> epoch < beforeEpoch);
  }

  /** Tells the beacon node which committees the cluster's validators attest in. */
  private void subscribe(final AttesterDuties duties) {
    if (duties.duties().isEmpty()) {
      return;
    }
    final com.fasterxml.jackson.databind.node.ArrayNode subscriptions =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    for (final AttesterDuty duty : duties.duties()) {
      subscriptions
          .addObject()
          .put("validator_index", Long.toUnsignedString(duty.validatorIndex()))
          .put("committee_index", Long.toUnsignedString(duty.committeeIndex()))
          .put("committees_at_slot", Long.toUnsignedString(duty.committeesAtSlot()))
          .put("slot", Long.toUnsignedString(duty.slot()))
          .put("is_aggregator", false);
    }
    beacon
        .subscribeToBeaconCommittees(subscriptions)
        .exceptionally(
            error -> {
              LOG.debug("committee subscriptions refused: {}", error.getMessage());
              return null;
            });
  }

  private void reloadIfChanged(final long epoch, final byte[] dependentRoot) {
    final AttesterDuties known = dutiesByEpoch.get(epoch);
    if (known != null && !Arrays.equals(known.dependentRoot(), dependentRoot)) {
      LOG.info("dependent root of epoch {} changed; reloading attester duties", epoch);
      load(epoch);
    }
  }

  private CompletableFuture<AttesterDuties> load(final long epoch) {
    return beacon
        .attesterDuties(epoch, validatorIndices)
        .thenApply(
            duties -> {
              dutiesByEpoch.put(epoch, duties);
              LOG.debug("loaded {} attester duties for epoch {}", duties.duties().size(), epoch);
              subscribe(duties);
              return duties;
            });
  }
}
