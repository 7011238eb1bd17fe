package io.dvc.node.pipeline;

import io.dvc.common.events.Subscribers;
import io.dvc.common.time.TimeProvider;
import io.dvc.consensus.InstanceId;
import io.dvc.consensus.Value;
import io.dvc.consensus.ValueHasher;
import io.dvc.consensus.ValueValidator;
import io.dvc.consensus.driver.QbftEventLoop;
import io.dvc.consensus.qbft.Decision;
import io.dvc.node.duty.DutyType;
import io.dvc.node.metrics.NodeMetrics;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Agreement on each duty's value: one QBFT instance per (slot, duty kind), the value check routed
 * to the duty's plug-in. Duties that need no consensus pass their own value straight through.
 */
public final class ConsensusStage {
  private final DutyStates states;
  private final TimeProvider time;
  private final NodeMetrics metrics;
  private final Subscribers<DutyState> decided = new Subscribers<>();
  private QbftEventLoop qbft;

  public ConsensusStage(
      final DutyStates states, final TimeProvider time, final NodeMetrics metrics) {
    this.states = states;
    this.time = time;
    this.metrics = metrics;
  }

  /** Connects the QBFT driver (built with {@link #valueValidator()} and {@link #onDecided}). */
  public void attach(final QbftEventLoop driver) {
    this.qbft = driver;
  }

  /** The decided value is known (output). */
  public void subscribe(final Consumer<DutyState> listener) {
    decided.subscribe(listener);
  }

  /**
   * Input: a duty started. Duties whose check needs no own view join consensus now, so that they
   * can accept the leader's value while their own fetch is under way.
   */
  public void onStarted(final DutyState state) {
    if (state.plugin.needsConsensus() && !state.plugin.checksAgainstOwnView()) {
      qbft.start(instance(state.plugin.type(), state.slot), state.startMillis, null);
    }
  }

  /** Input: this node's own view is known. */
  public void propose(final DutyState state) {
    if (!state.plugin.needsConsensus()) {
      state.decided = state.own;
      decided.deliver(state);
      return;
    }
    final Value value = Value.of(state.own.orElseThrow(), ValueHasher.SHA256);
    if (state.plugin.checksAgainstOwnView()) {
      qbft.start(instance(state.plugin.type(), state.slot), state.startMillis, value);
    } else {
      qbft.provideValue(instance(state.plugin.type(), state.slot), value);
    }
  }

  /** The value check of every instance, routed by duty kind to the plug-in. */
  public ValueValidator valueValidator() {
    return (instance, value) -> {
      final Optional<DutyType> type = DutyType.ofCode(instance.dutyKind());
      if (type.isEmpty()) {
        return Optional.of("unknown duty kind " + instance.dutyKind());
      }
      final DutyState state = states.get(type.get(), instance.height()).orElse(null);
      if (state == null) {
        return Optional.of(
            "no " + type.get().label() + " duty of this node at slot " + instance.height());
      }
      return state.plugin.check(state.slot, state.validators, state.own, value.bytes());
    };
  }

  /** Input from the QBFT driver. */
  public void onDecided(final Decision decision) {
    final InstanceId instance = decision.instance();
    final Optional<DutyType> type = DutyType.ofCode(instance.dutyKind());
    final DutyState state = type.flatMap(t -> states.get(t, instance.height())).orElse(null);
    if (state == null || state.decided.isPresent()) {
      return;
    }
    state.decided = Optional.of(decision.value().bytes());
    state.mark("decided", time.currentTimeMillis());
    metrics.consensusDecided(
        state.plugin.type().name().toLowerCase(Locale.ROOT),
        (time.currentTimeMillis() - state.startMillis) * 1_000_000L,
        decision.round());
    decided.deliver(state);
  }

  /**
   * Leaves rounds whose leader this node no longer reaches ({@link QbftEventLoop#recheckLeaders}).
   */
  public void recheckLeaders() {
    if (qbft != null) {
      qbft.recheckLeaders();
    }
  }

  /** Input: a QBFT message from a peer. */
  public void onWire(final int fromOperator, final byte[] bytes) {
    qbft.onWire(fromOperator, bytes);
  }

  /** Forgets instances below this slot. */
  public void expireBefore(final long slot) {
    qbft.expireBefore(Math.max(0, slot));
  }

  static InstanceId instance(final DutyType type, final long slot) {
    return new InstanceId(slot, type.code());
  }
}
