package io.dvc.node.duties.proposer;

import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.HeadEvent;
import io.dvc.node.beacon.api.GetProposerDuties;
import io.dvc.node.beacon.api.ProposerDuties;
import io.dvc.node.beacon.api.ProposerDuty;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * The proposer duties of this node's validators, by epoch (the current and, where the beacon node
 * knows them, the next). Duties of epoch e depend on the block root at the last slot of e−1, which
 * the head event reports as {@code current_duty_dependent_root} while e is current; a different
 * root reloads them.
 */
final class ProposerSchedule {
  private final BeaconClient beacon;
  private final long slotsPerEpoch;
  private final Set<Long> ours;
  private final Logger log;
  private final Map<Long, ProposerDuties> byEpoch = new ConcurrentHashMap<>();

  ProposerSchedule(
      final BeaconClient beacon, final long slotsPerEpoch, final Set<Long> ours, final Logger log) {
    this.beacon = beacon;
    this.slotsPerEpoch = slotsPerEpoch;
    this.ours = Set.copyOf(ours);
    this.log = log;
  }

  CompletableFuture<Void> ensureLoaded(final long epoch) {
    return byEpoch.containsKey(epoch)
        ? CompletableFuture.completedFuture(null)
        : load(epoch).thenApply(d -> null);
  }

  void onHead(final HeadEvent head) {
    final long epoch = head.slot() / slotsPerEpoch;
    final ProposerDuties known = byEpoch.get(epoch);
    if (known != null
        && !Arrays.equals(known.dependentRoot().toArray(), head.currentDutyDependentRoot())) {
      log.info("dependent root of epoch {} changed; reloading proposer duties", epoch);
      load(epoch);
    }
  }

  /** Our validator proposing at the slot, if any. */
  Optional<ProposerDuty> dutyAt(final long slot) {
    final ProposerDuties duties = byEpoch.get(slot / slotsPerEpoch);
    return duties == null
        ? Optional.empty()
        : duties.duties().stream().filter(d -> d.slot() == slot).findFirst();
  }

  List<Long> slotsWithDuties(final long epoch) {
    final ProposerDuties duties = byEpoch.get(epoch);
    return duties == null
        ? List.of()
        : duties.duties().stream().map(ProposerDuty::slot).distinct().sorted().toList();
  }

  void prune(final long beforeEpoch) {
    byEpoch.keySet().removeIf(epoch -> epoch < beforeEpoch);
  }

  private CompletableFuture<ProposerDuties> load(final long epoch) {
    return beacon
        .call(new GetProposerDuties(epoch, slotsPerEpoch))
        .thenApply(
            all -> {
              final ProposerDuties mine =
                  new ProposerDuties(
                      all.dependentRoot(),
                      all.duties().stream()
                          .filter(d -> ours.contains(d.validatorIndex()))
                          .filter(d -> d.slot() > 0) // slot 0 holds the genesis block
                          .toList());
              byEpoch.put(epoch, mine);
              if (!mine.duties().isEmpty()) {
                log.info(
                    "epoch {}: {} proposals by this cluster at slots {}",
                    epoch,
                    mine.duties().size(),
                    mine.duties().stream().map(ProposerDuty::slot).toList());
              }
              return mine;
            });
  }
}
