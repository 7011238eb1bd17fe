package io.dvc.node.duties.sync;

import io.dvc.node.beacon.api.PostSyncCommitteeSubscriptions;
import io.dvc.node.beacon.api.PostSyncDuties;
import io.dvc.node.beacon.api.SyncCommitteeSubscription;
import io.dvc.node.beacon.api.SyncDuty;
import io.dvc.node.duty.DutyType;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sync-committee duties of the cluster's validators per sync committee period, from {@code POST
 * /eth/v1/validator/duties/sync/{epoch}} for the current and the next period (committees are fixed
 * a period ahead, so there is no dependent root). The members that sign at a slot are those of the
 * period of the <em>next</em> slot's epoch: the last slot of a period is signed by the next
 * period's committee. Loading a period subscribes its members to their sync subnets on every beacon
 * node ({@code sync_committee_subscriptions}, until the period ends), and asks that every slot with
 * members be decided (their messages sign the decided attestation data's block root).
 */
final class SyncSchedule {
  private final PluginContext context;
  private final Preset preset;
  private final long slotsPerEpoch;
  private final List<Long> validators;
  private final Map<Long, CompletableFuture<List<SyncDuty>>> byPeriod = new ConcurrentHashMap<>();

  SyncSchedule(final PluginContext context) {
    this.context = context;
    this.preset = context.schedule().preset();
    this.slotsPerEpoch = context.schedule().slotsPerEpoch();
    this.validators = context.validators().keySet().stream().sorted().toList();
  }

  long slotsPerEpoch() {
    return slotsPerEpoch;
  }

  /** Bits per subcommittee: SYNC_COMMITTEE_SIZE / SYNC_COMMITTEE_SUBNET_COUNT. */
  long subcommitteeSize() {
    return preset.syncSubcommitteeSize();
  }

  /** Loads the periods that sign in the epoch (its own and, for its last slot, the next). */
  CompletableFuture<Void> ensureLoaded(final long epoch) {
    return CompletableFuture.allOf(period(epoch), period(epoch + 1))
        .thenRunAsync(() -> requireDecisions(epoch), context.loop());
  }

  /** The members (with their positions) that sign at the slot; empty when not loaded. */
  List<SyncDuty> membersAt(final long slot) {
    final CompletableFuture<List<SyncDuty>> duties =
        byPeriod.get(preset.syncCommitteePeriod((slot + 1) / slotsPerEpoch));
    return duties == null || !duties.isDone() || duties.isCompletedExceptionally()
        ? List.of()
        : duties.join();
  }

  /** The distinct subcommittees of a member's positions, in order. */
  List<Long> subcommittees(final SyncDuty duty) {
    final TreeSet<Long> subcommittees = new TreeSet<>();
    duty.validatorSyncCommitteeIndices().forEach(p -> subcommittees.add(p / subcommitteeSize()));
    return List.copyOf(subcommittees);
  }

  void prune(final long beforeEpoch) {
    final long period = preset.syncCommitteePeriod(beforeEpoch);
    byPeriod.keySet().removeIf(p -> p < period);
  }

  private CompletableFuture<List<SyncDuty>> period(final long epoch) {
    final long period = preset.syncCommitteePeriod(epoch);
    final CompletableFuture<List<SyncDuty>> known = byPeriod.get(period);
    if (known != null && !known.isCompletedExceptionally()) {
      return known;
    }
    final CompletableFuture<List<SyncDuty>> loading;
    if (validators.isEmpty() || !context.schedule().forkAt(epoch).isAtLeast(ForkName.ALTAIR)) {
      loading = CompletableFuture.completedFuture(List.of());
    } else {
      loading =
          context
              .beacon()
              .call(new PostSyncDuties(epoch, validators, preset.syncCommitteeSize()))
              .thenApply(
                  duties -> {
                    subscribe(duties, (period + 1) * preset.epochsPerSyncCommitteePeriod());
                    return duties;
                  });
    }
    byPeriod.put(period, loading);
    return loading;
  }

  private void requireDecisions(final long epoch) {
    for (long slot = epoch * slotsPerEpoch; slot < (epoch + 1) * slotsPerEpoch; slot++) {
      if (!membersAt(slot).isEmpty()) {
        context.decisions().requireDecision(DutyType.ATTESTER, slot);
      }
    }
  }

  private void subscribe(final List<SyncDuty> duties, final long untilEpoch) {
    if (duties.isEmpty()) {
      return;
    }
    context
        .beacon()
        .call(
            new PostSyncCommitteeSubscriptions(
                duties.stream()
                    .map(
                        d ->
                            new SyncCommitteeSubscription(
                                d.validatorIndex(), d.validatorSyncCommitteeIndices(), untilEpoch))
                    .toList()))
        .exceptionally(
            error -> {
              context.log().debug("sync committee subscriptions refused: {}", error.getMessage());
              return null;
            });
  }
}
