package io.dvc.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.common.time.SlotClock;
import io.dvc.node.sim.ManualWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** When the scheduler loads duties, on manual time (12-second slots, 8 slots per epoch). */
class SchedulerTest {
  private static final long GENESIS_MILLIS = 1_000_000_000_000L;
  private final ManualWorld world = new ManualWorld(GENESIS_MILLIS);
  private final SlotClock clock = new SlotClock(GENESIS_MILLIS / 1000, 12, 8, world.time());

  /** A selection-proof-like plug-in: ahead of time, two slots ahead, a validator in every slot. */
  private final class SpreadPlugin extends RecordingPlugin {
    @Override
    public SlotOffset offset() {
      return SlotOffset.AHEAD;
    }

    @Override
    public long lookaheadSlots() {
      return 2;
    }

    @Override
    public boolean needsConsensus() {
      return false;
    }

    @Override
    public List<Long> validatorsAt(final long slot) {
      return List.of(7L);
    }

    @Override
    public List<Long> slotsWithDuties(final long epoch) {
      return java.util.stream.LongStream.range(epoch * 8, epoch * 8 + 8).boxed().toList();
    }
  }

  /** An attester-like plug-in that records when each epoch's duties were first asked for. */
  private class RecordingPlugin extends StubPlugin {
    final List<String> loads = new ArrayList<>();

    @Override
    public CompletableFuture<Void> ensureLoaded(final long epoch) {
      final long millis = world.time().currentTimeMillis() - GENESIS_MILLIS;
      final String entry = "epoch " + epoch + " at " + millis;
      if (loads.stream().noneMatch(l -> l.startsWith("epoch " + epoch + " "))) {
        loads.add(entry);
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public long deadlineMillis(final long slot) {
      return clock.slotStartMillis(slot + 2);
    }
  }

  @Test
  void theNextEpochsDutiesAreLoadedASixthIntoTheMiddleSlotAfterTheBlockBeforeTheAttestations() {
    final RecordingPlugin plugin = new RecordingPlugin();
    final Scheduler scheduler = scheduler(plugin);
    scheduler.start(0);
    world.runUntil(GENESIS_MILLIS + 2 * 8 * 12_000L - 1);
    // epoch 0 at the first slot's start (nothing loaded it before); epoch 1 at slot 4 + 2 s,
    // epoch 2 at slot 12 + 2 s: never at a slot start, at one third or at two thirds of a slot
    assertThat(plugin.loads)
        .containsExactly(
            "epoch 0 at 0",
            "epoch 1 at " + (4 * 12_000 + 2_000),
            "epoch 2 at " + (12 * 12_000 + 2_000));
  }

  @Test
  void perEpochResendsHappenOnceAnEpochASixthIntoItsFirstSlotNotAtTheSlotStart() {
    final List<String> refreshes = new ArrayList<>();
    final RecordingPlugin plugin =
        new RecordingPlugin() {
          @Override
          public void refresh(final long epoch) {
            refreshes.add(
                "epoch " + epoch + " at " + (world.time().currentTimeMillis() - GENESIS_MILLIS));
          }
        };
    final Scheduler scheduler = scheduler(plugin);
    // a node started in the middle of epoch 0 (slot 3) re-sends at once (its first block may be
    // due before any tick), then a sixth into the first slot of each epoch
    world.runUntil(GENESIS_MILLIS + 3 * 12_000L + 500);
    scheduler.start(3);
    world.runUntil(GENESIS_MILLIS + 3 * 8 * 12_000L - 1);
    assertThat(refreshes)
        .containsExactly(
            "epoch 0 at " + (3 * 12_000 + 500),
            "epoch 1 at " + (8 * 12_000 + 2_000),
            "epoch 2 at " + (16 * 12_000 + 2_000));
  }

  private Scheduler scheduler(final DutyPlugin plugin) {
    return new Scheduler(
        clock,
        List.of(plugin),
        (type, slot) -> false,
        world.timers(1),
        world.loop(1),
        LoggerFactory.getLogger(SchedulerTest.class));
  }

  @Test
  void spreadRoundsStartHalfWayThroughTheSlotTwoBeforeTheirsAwayFromAttestationsAndAggregation() {
    final SpreadPlugin plugin = new SpreadPlugin();
    final Scheduler scheduler =
        new Scheduler(
            clock,
            List.of(plugin),
            (type, slot) -> false,
            world.timers(1),
            world.loop(1),
            LoggerFactory.getLogger(SchedulerTest.class));
    // the first start of each slot's round (later starts of the same round are no-ops downstream)
    final java.util.Map<Long, String> firstStarts = new java.util.LinkedHashMap<>();
    scheduler.subscribeDutyStarts(
        start ->
            firstStarts.putIfAbsent(
                start.slot(),
                "slot "
                    + start.slot()
                    + " at "
                    + (world.time().currentTimeMillis() - GENESIS_MILLIS)));
    scheduler.loadInitial(0);
    scheduler.start(0);
    world.runUntil(GENESIS_MILLIS + 4 * 12_000L - 1);
    // when loaded: the first two slots at once (no tick has reached them); then slot s + 2
    // half-way through slot s (6 s into it)
    assertThat(firstStarts.values())
        .containsExactly(
            "slot 0 at 0",
            "slot 1 at 0",
            "slot 2 at 6000",
            "slot 3 at " + (12_000 + 6_000),
            "slot 4 at " + (2 * 12_000 + 6_000),
            "slot 5 at " + (3 * 12_000 + 6_000));
  }

  @Test
  void aFailedLoadIsTriedAgainASixthOfASlotLaterNotOnlyAtTheNextSlotStart() {
    final List<Long> attempts = new ArrayList<>();
    final RecordingPlugin plugin =
        new RecordingPlugin() {
          @Override
          public CompletableFuture<Void> ensureLoaded(final long epoch) {
            if (epoch != 0) {
              return CompletableFuture.completedFuture(null);
            }
            attempts.add(world.time().currentTimeMillis() - GENESIS_MILLIS);
            return attempts.size() <= 2
                ? CompletableFuture.failedFuture(new IllegalStateException("beacon node busy"))
                : CompletableFuture.completedFuture(null);
          }
        };
    final Scheduler scheduler =
        new Scheduler(
            clock,
            List.of(plugin),
            (type, slot) -> false,
            world.timers(1),
            world.loop(1),
            LoggerFactory.getLogger(SchedulerTest.class));
    scheduler.loadInitial(0);
    world.runUntil(GENESIS_MILLIS + 11_000);
    // two failures, each tried again 2 s (a sixth of a 12-s slot) later; then loaded, no more
    assertThat(attempts).containsExactly(0L, 2_000L, 4_000L);
  }
}
