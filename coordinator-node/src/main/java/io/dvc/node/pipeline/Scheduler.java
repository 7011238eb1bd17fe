package io.dvc.node.pipeline;

import io.dvc.common.events.Subscribers;
import io.dvc.common.time.SlotClock;
import io.dvc.node.beacon.HeadEvent;
import io.dvc.node.duty.DutyType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;

/**
 * The pipeline's clock: ticks at each slot offset the plug-ins use (0, 1/6, 1/3, 1/2, 2/3), starts
 * the duties due at that offset, loads duties ahead (the next epoch's from the middle of the
 * current one) and has the plug-ins re-send their per-epoch state once an epoch, both a sixth into
 * a slot ({@link SlotOffset#AFTER_BLOCK}: after the block, before the attestations, away from the
 * aggregation; the beacon node's work for the next epoch's duties, and 10,000 fee recipients and
 * registrations posted at the slot start, delayed the block of an epoch's first slot by up to 0.6
 * s), and starts {@link SlotOffset#AHEAD} duties as soon as their epoch is loaded. Does no I/O of
 * its own.
 */
public final class Scheduler {
  /**
   * When spread ahead-of-time work starts its round for a later slot: half-way through a slot, when
   * the attestations and sync-committee messages of one third are out and the aggregation of two
   * thirds has not begun (at two thirds, 824 selection proofs per slot at 10,000 validators delayed
   * the slot's aggregates by seconds).
   */
  static final SlotOffset SPREAD_AHEAD_TICK = SlotOffset.HALF;

  /** How often a failed load of an epoch's duties is tried again before the next slot start. */
  static final int LOAD_RETRIES = 3;

  private final SlotClock clock;
  private final List<DutyPlugin> plugins;
  private final BiPredicate<DutyType, Long> decisionRequired;
  private final NodeEnvironment.Timers timers;
  private final Executor loop;
  private final Logger log;
  private final Set<SlotOffset> offsets = EnumSet.noneOf(SlotOffset.class);
  private final Subscribers<DutyStart> starts = new Subscribers<>();
  private final Subscribers<Long> slots = new Subscribers<>();
  private final Subscribers<Long> ticks = new Subscribers<>();
  private long refreshedEpoch = -1;

  public Scheduler(
      final SlotClock clock,
      final List<DutyPlugin> plugins,
      final BiPredicate<DutyType, Long> decisionRequired,
      final NodeEnvironment.Timers timers,
      final Executor loop,
      final Logger log) {
    this.clock = clock;
    this.plugins = List.copyOf(plugins);
    this.decisionRequired = decisionRequired;
    this.timers = timers;
    this.loop = loop;
    this.log = log;
    offsets.add(SlotOffset.START);
    offsets.add(SlotOffset.AFTER_BLOCK);
    if (plugins.stream().anyMatch(Scheduler::isSpreadAhead)) {
      offsets.add(SPREAD_AHEAD_TICK);
    }
    plugins.forEach(
        p -> offsets.add(p.offset() == SlotOffset.AHEAD ? SlotOffset.START : p.offset()));
  }

  /** A duty starts (output). */
  public void subscribeDutyStarts(final Consumer<DutyStart> listener) {
    starts.subscribe(listener);
  }

  /** A slot starts (output; for per-slot upkeep). */
  public void subscribeSlots(final LongConsumer listener) {
    slots.subscribe(listener::accept);
  }

  /** Any tick (output; for expiring late duties). */
  public void subscribeTicks(final LongConsumer listener) {
    ticks.subscribe(listener::accept);
  }

  /** Loads this and the next epoch's duties; completes when both are known (or failed). */
  public CompletableFuture<Void> loadInitial(final long epoch) {
    return CompletableFuture.allOf(
        plugins.stream()
            .flatMap(p -> java.util.stream.Stream.of(load(p, epoch), load(p, epoch + 1)))
            .toArray(CompletableFuture[]::new));
  }

  /** Schedules the ticks from this slot on. */
  public void start(final long firstSlot) {
    // at once for the epoch the node starts in: its first block may come before the next tick
    refreshOncePerEpoch(firstSlot);
    for (final SlotOffset offset : offsets) {
      schedule(firstSlot, offset);
    }
  }

  /** A head event: plug-ins reload duties whose dependent root changed. */
  public void onHead(final HeadEvent head) {
    for (final DutyPlugin plugin : plugins) {
      plugin.onHead(head);
    }
  }

  /** A beacon node (re)connected. */
  public void onBeaconConnected(final String node) {
    plugins.forEach(p -> p.onBeaconConnected(node));
  }

  private void schedule(final long slot, final SlotOffset offset) {
    final long at = clock.slotStartMillis(slot) + offset.millisInto(clock.millisPerSlot());
    timers.at(at, () -> tick(slot, offset));
  }

  private void tick(final long slot, final SlotOffset offset) {
    try {
      runTick(slot, offset);
    } finally {
      schedule(Math.max(slot, clock.currentSlot()) + 1, offset);
    }
  }

  /**
   * What happens at one offset of a slot: upkeep at the start, loading ahead and the per-epoch
   * re-sends a sixth in, then the duties due. The timers call it; a caller that drives slots itself
   * (a test) may too.
   */
  public void runTick(final long slot, final SlotOffset offset) {
    try {
      if (offset == SlotOffset.START) {
        slots.deliver(slot);
        upkeep(slot);
      } else if (offset == SlotOffset.AFTER_BLOCK) {
        refreshOncePerEpoch(slot);
        loadNextEpoch(slot);
      }
      for (final DutyPlugin plugin : plugins) {
        final SlotOffset due =
            plugin.offset() == SlotOffset.AHEAD ? SlotOffset.START : plugin.offset();
        if (due == offset) {
          startIfAny(plugin, slot);
        }
        if (offset == SPREAD_AHEAD_TICK && isSpreadAhead(plugin)) {
          startIfAny(plugin, slot + plugin.lookaheadSlots());
        }
      }
      ticks.deliver(slot);
    } catch (final RuntimeException e) {
      log.error("slot {} tick failed: {}", slot, e.toString(), e);
    }
  }

  /** This epoch's duties again only if loading them failed before; the past ones pruned. */
  private void upkeep(final long slot) {
    final long epoch = clock.epochOf(slot);
    for (final DutyPlugin plugin : plugins) {
      load(plugin, epoch);
      plugin.prune(epoch - 1);
    }
  }

  /** The plug-ins' per-epoch re-sends: at the start, then at the first such tick of each epoch. */
  private void refreshOncePerEpoch(final long slot) {
    final long epoch = clock.epochOf(slot);
    if (epoch > refreshedEpoch) {
      refreshedEpoch = epoch;
      plugins.forEach(p -> p.refresh(epoch));
    }
  }

  /** The next epoch's duties, from the middle of this one on (a no-op once they are loaded). */
  private void loadNextEpoch(final long slot) {
    if (slot % clock.slotsPerEpoch() >= clock.slotsPerEpoch() / 2) {
      for (final DutyPlugin plugin : plugins) {
        load(plugin, clock.epochOf(slot) + 1);
      }
    }
  }

  private CompletableFuture<Void> load(final DutyPlugin plugin, final long epoch) {
    return load(plugin, epoch, LOAD_RETRIES);
  }

  /**
   * Loads a plug-in's duties of an epoch; a failure is tried again a sixth of a slot later, up to
   * {@code retries} times, rather than only at the next slot start (at start-up, before genesis, a
   * busy beacon node's timeouts otherwise left a node without duties until the chain began).
   */
  private CompletableFuture<Void> load(
      final DutyPlugin plugin, final long epoch, final int retries) {
    return plugin
        .ensureLoaded(epoch)
        .handleAsync(
            (ok, error) -> {
              if (error != null) {
                log.warn(
                    "{} duties of epoch {} not loaded{}: {}",
                    plugin.type().name().toLowerCase(java.util.Locale.ROOT),
                    epoch,
                    retries > 0 ? " (trying again)" : "",
                    Errors.rootMessage(error));
                if (retries > 0) {
                  timers.at(
                      clock.time().currentTimeMillis() + clock.millisPerSlot() / 6,
                      () -> {
                        if (epoch >= clock.currentEpoch()) {
                          load(plugin, epoch, retries - 1);
                        }
                      });
                }
              } else if (plugin.offset() == SlotOffset.AHEAD) {
                startAhead(plugin, epoch);
              }
              return null;
            },
            loop);
  }

  /**
   * Ahead-of-time duties start for every slot of the epoch that is not over yet, or, for a plug-in
   * that spreads its work, for those its ticks half-way through a slot have reached (the later ones
   * start on their ticks, at the same moment on every node).
   */
  private void startAhead(final DutyPlugin plugin, final long epoch) {
    final long current = clock.currentSlot();
    final long last;
    if (isSpreadAhead(plugin)) {
      final long tick =
          clock.slotStartMillis(current) + SPREAD_AHEAD_TICK.millisInto(clock.millisPerSlot());
      final boolean ticked = clock.time().currentTimeMillis() >= tick;
      last = current + plugin.lookaheadSlots() - (ticked ? 0 : 1);
    } else {
      last = Long.MAX_VALUE;
    }
    for (final long slot : plugin.slotsWithDuties(epoch)) {
      if (slot >= current && slot <= last) {
        startIfAny(plugin, slot);
      }
    }
  }

  private static boolean isSpreadAhead(final DutyPlugin plugin) {
    return plugin.offset() == SlotOffset.AHEAD && plugin.lookaheadSlots() != Long.MAX_VALUE;
  }

  /**
   * Starts the plug-in's duty at the slot, unless its deadline has passed (a stalled node). A duty
   * without validators of this node starts only if another duty needs its decision.
   */
  private void startIfAny(final DutyPlugin plugin, final long slot) {
    final List<Long> validators = plugin.validatorsAt(slot);
    if (validators.isEmpty()
        && !(plugin.needsConsensus() && decisionRequired.test(plugin.type(), slot))) {
      return;
    }
    if (clock.time().currentTimeMillis() >= plugin.deadlineMillis(slot)) {
      log.warn(
          "{} skipped: the node was too busy to start it before its deadline",
          plugin.describe(slot));
      return;
    }
    {
      starts.deliver(new DutyStart(plugin, slot, validators));
    }
  }
}
