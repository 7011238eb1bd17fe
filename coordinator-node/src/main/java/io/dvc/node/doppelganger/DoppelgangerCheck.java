package io.dvc.node.doppelganger;

import io.dvc.bls.BlsPublicKey;
import io.dvc.common.time.SlotClock;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.api.PostLiveness;
import io.dvc.node.beacon.api.ValidatorLiveness;
import io.dvc.node.pipeline.NodeEnvironment;
import io.dvc.slashing.Pubkey;
import io.dvc.slashing.SlashingProtection;
import io.dvc.slashing.ValidatorState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Drives a {@link DoppelgangerGuard}: two thirds into the first slot of each epoch after a checked
 * one, it asks the beacon nodes ({@code POST /eth/v1/validator/liveness/{epoch}}) whether the
 * validators still held were live in that epoch, until none is held. A failed query does not count
 * (the validators stay held) and the next epoch is asked. Timers, beacon client and logger come
 * from the node's environment; everything runs on the workflow thread.
 */
public final class DoppelgangerCheck {
  private final DoppelgangerGuard guard;
  private final Map<Long, BlsPublicKey> keys;
  private final BeaconClient beacon;
  private final SlotClock clock;
  private final NodeEnvironment.Timers timers;
  private final Executor loop;
  private final Logger log;
  private final Consumer<DoppelgangerGuard> onChange;

  /**
   * @param keys the public keys of the node's validators, to name them in the error
   * @param onChange called after every change of the guard (metrics)
   */
  public DoppelgangerCheck(
      final DoppelgangerGuard guard,
      final Map<Long, BlsPublicKey> keys,
      final BeaconClient beacon,
      final SlotClock clock,
      final NodeEnvironment.Timers timers,
      final Executor loop,
      final Logger log,
      final Consumer<DoppelgangerGuard> onChange) {
    this.guard = guard;
    this.keys = Map.copyOf(keys);
    this.beacon = beacon;
    this.clock = clock;
    this.timers = timers;
    this.loop = loop;
    this.log = log;
    this.onChange = onChange;
  }

  /**
   * The first epoch a node starting now watches whole: the genesis epoch before genesis, else the
   * next one.
   */
  public static long firstCheckedEpoch(final SlotClock clock) {
    return clock.time().currentTimeMillis() < clock.slotStartMillis(0)
        ? 0
        : clock.currentEpoch() + 1;
  }

  /** A guard for the validators without slashing-protection history, checked from now on. */
  public static DoppelgangerGuard guard(final Set<Long> withoutHistory, final SlotClock clock) {
    return new DoppelgangerGuard(withoutHistory, firstCheckedEpoch(clock));
  }

  /**
   * The validators (by index) of which slashing protection holds nothing: no history and no
   * watermark (an imported interchange counts as history).
   */
  public static Set<Long> withoutHistory(
      final SlashingProtection protection, final Map<Long, BlsPublicKey> keys) {
    final Set<Long> empty = new TreeSet<>();
    keys.forEach(
        (index, key) -> {
          if (protection.state(Pubkey.of(key.toBytes())).equals(ValidatorState.EMPTY)) {
            empty.add(index);
          }
        });
    return empty;
  }

  /**
   * The check of a node's validators without slashing-protection history, from the next epoch it
   * watches whole; empty when every validator has history (a restarted node does not wait).
   */
  public static Optional<DoppelgangerCheck> forValidators(
      final SlashingProtection protection,
      final Map<Long, BlsPublicKey> keys,
      final BeaconClient beacon,
      final SlotClock clock,
      final NodeEnvironment.Timers timers,
      final Executor loop,
      final Logger log,
      final Consumer<DoppelgangerGuard> onChange) {
    final Set<Long> withoutHistory = withoutHistory(protection, keys);
    if (withoutHistory.isEmpty()) {
      log.info("doppelganger protection: every validator has slashing-protection history");
      return Optional.empty();
    }
    return Optional.of(
        new DoppelgangerCheck(
            guard(withoutHistory, clock), keys, beacon, clock, timers, loop, log, onChange));
  }

  /** The guard this check drives (the pipeline's signing gate). */
  public DoppelgangerGuard guard() {
    return guard;
  }

  /** Schedules the first query (call on the workflow thread, once). */
  public void start() {
    final List<Long> waiting = guard.waiting();
    if (waiting.isEmpty()) {
      return;
    }
    log.info(
        "doppelganger protection: {} validators without slashing-protection history are held"
            + " until epochs {} and {} show them not live, or this cluster signs for them",
        waiting.size(),
        guard.firstCheckedEpoch(),
        guard.firstCheckedEpoch() + 1);
    onChange.accept(guard);
    schedule(guard.firstCheckedEpoch());
  }

  private void schedule(final long epoch) {
    final long at =
        clock.slotStartMillis(clock.firstSlotOf(epoch + 1)) + clock.millisPerSlot() * 2 / 3;
    timers.at(at, () -> check(epoch));
  }

  private void check(final long epoch) {
    final List<Long> waiting = guard.waiting();
    onChange.accept(guard);
    if (waiting.isEmpty()) {
      log.info("doppelganger protection: every held validator is released");
      return;
    }
    beacon
        .call(new PostLiveness(epoch, waiting))
        .whenCompleteAsync(
            (answer, error) -> {
              if (error != null) {
                log.warn(
                    "doppelganger check of epoch {} failed ({}); the epoch does not count and"
                        + " {} validators stay held",
                    epoch,
                    rootMessage(error),
                    waiting.size());
              } else {
                apply(epoch, answer);
              }
              schedule(epoch + 1);
            },
            loop);
  }

  private void apply(final long epoch, final List<ValidatorLiveness> answer) {
    final Map<Long, Boolean> live = new HashMap<>();
    answer.forEach(l -> live.put(l.index(), l.isLive()));
    final DoppelgangerGuard.Outcome outcome = guard.onLiveness(epoch, live);
    for (final long validator : outcome.detected()) {
      log.error(
          "validator {} ({}) is live elsewhere in epoch {} (doppelganger): this node never signs"
              + " for it; stop the other copy, then restart this node",
          validator,
          keys.containsKey(validator) ? keys.get(validator).toHex() : "unknown key",
          epoch);
    }
    if (!outcome.released().isEmpty()) {
      log.info(
          "doppelganger protection: validators {} were not live in {} epochs; signing for them",
          outcome.released(),
          DoppelgangerGuard.EPOCHS_NOT_LIVE);
    }
    onChange.accept(guard);
  }

  private static String rootMessage(final Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return String.valueOf(cause.getMessage());
  }
}
