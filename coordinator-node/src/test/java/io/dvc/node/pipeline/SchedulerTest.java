package io.dvc.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.common.time.SlotClock;
import io.dvc.node.duty.DutyType;
import io.dvc.node.sim.ManualWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** When the scheduler loads duties, on manual time (12-second slots, 8 slots per epoch). */
class SchedulerTest {
  private static final long GENESIS_MILLIS = 1_000_000_000_000L;
  private final ManualWorld world = new ManualWorld(GENESIS_MILLIS);
  private final SlotClock clock = new SlotClock(GENESIS_MILLIS / 1000, 12, 8, world.time());

  /** An attester-like plug-in that records when each epoch's duties were first asked for. */
  private final class RecordingPlugin implements DutyPlugin {
    final List<String> loads = new ArrayList<>();

    @Override
    public DutyType type() {
      return DutyType.ATTESTER;
    }

    @Override
    public SlotOffset offset() {
      return SlotOffset.ONE_THIRD;
    }

    @Override
    public boolean needsConsensus() {
      return true;
    }

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
    public void prune(final long beforeEpoch) {}

    @Override
    public List<Long> validatorsAt(final long slot) {
      return List.of();
    }

    @Override
    public List<Long> slotsWithDuties(final long epoch) {
      return List.of();
    }

    @Override
    public CompletableFuture<byte[]> fetch(final long slot, final List<Long> validators) {
      throw new AssertionError("no duties");
    }

    @Override
    public Optional<String> check(
        final long slot,
        final List<Long> validators,
        final Optional<byte[]> own,
        final byte[] proposed) {
      return Optional.empty();
    }

    @Override
    public List<SigningRequest> signingRequests(
        final long slot, final List<Long> validators, final byte[] decided) {
      return List.of();
    }

    @Override
    public CompletableFuture<SubmitReport> submit(
        final long slot, final byte[] decided, final List<Combined> signed) {
      throw new AssertionError("no duties");
    }

    @Override
    public long deadlineMillis(final long slot) {
      return clock.slotStartMillis(slot + 2);
    }
  }

  @Test
  void theNextEpochsDutiesAreLoadedTwoThirdsIntoTheMiddleSlotAwayFromProposalsAndAttestations() {
    final RecordingPlugin plugin = new RecordingPlugin();
    final Scheduler scheduler =
        new Scheduler(
            clock,
            List.of(plugin),
            (type, slot) -> false,
            world.timers(1),
            world.loop(1),
            LoggerFactory.getLogger(SchedulerTest.class));
    scheduler.start(0);
    world.runUntil(GENESIS_MILLIS + 2 * 8 * 12_000L - 1);
    // epoch 0 at the first slot's start (nothing loaded it before); epoch 1 at slot 4 + 8 s,
    // epoch 2 at slot 12 + 8 s: never at a slot start or at one third of a slot
    assertThat(plugin.loads)
        .containsExactly(
            "epoch 0 at 0",
            "epoch 1 at " + (4 * 12_000 + 8_000),
            "epoch 2 at " + (12 * 12_000 + 8_000));
  }
}
