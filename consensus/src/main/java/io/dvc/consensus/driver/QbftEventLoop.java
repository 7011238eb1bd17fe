package io.dvc.consensus.driver;

import io.dvc.common.time.TimeProvider;
import io.dvc.consensus.InstanceId;
import io.dvc.consensus.Value;
import io.dvc.consensus.message.QbftMessage;
import io.dvc.consensus.message.WireCodec;
import io.dvc.consensus.message.WireFormatException;
import io.dvc.consensus.qbft.Decision;
import io.dvc.consensus.qbft.Effects;
import io.dvc.consensus.qbft.Outbound;
import io.dvc.consensus.qbft.QbftConfig;
import io.dvc.consensus.qbft.QbftInstance;
import io.dvc.consensus.qbft.Rejection;
import io.dvc.consensus.qbft.Rejection.Reason;
import io.dvc.consensus.qbft.TimerRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;

/**
 * Runs the QBFT instances of one cluster for one operator on a single thread: decodes incoming
 * messages, routes them to instances, keeps the timers, sends through the {@link Transport} and
 * reports decisions. Messages for heights below {@link #expireBefore} are dropped; messages for
 * instances not started yet are buffered within {@link DriverLimits} (at most {@code
 * maxFutureHeights} above the higher of the expiry height and the highest started height) and
 * replayed on start.
 *
 * <p>Not thread-safe: call every method from the same thread (for example a single-thread executor)
 * and the clock given here.
 */
public final class QbftEventLoop {
  private final QbftConfig config;
  private final WireCodec codec;
  private final Transport transport;
  private final TimeProvider clock;
  private final WakeupScheduler scheduler;
  private final QbftListener listener;
  private final DriverLimits limits;
  private final List<Integer> peers;
  private final IntPredicate reachable;

  private final Map<InstanceId, QbftInstance> instances = new HashMap<>();
  private final Map<InstanceId, List<Buffered>> buffered = new LinkedHashMap<>();
  private final Map<Integer, Integer> bufferedPerPeer = new HashMap<>();
  private int bufferedTotal;
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final Map<InstanceId, Timer> currentTimer = new HashMap<>();
  private long minHeight;
  private long highestStarted;
  private long requestedWakeup = Long.MAX_VALUE;
  private long timerSeq;

  private record Buffered(int from, QbftMessage message) {}

  private record Timer(long deadline, long seq, InstanceId instance, int round)
      implements Comparable<Timer> {
    @Override
    public int compareTo(final Timer o) {
      return deadline != o.deadline ? Long.compare(deadline, o.deadline) : Long.compare(seq, o.seq);
    }
  }

  /**
   * @param reachable whether this operator holds a connection to another operator now (answer true
   *     when unknown: the driver then learns of an unreachable leader by its timer): a round whose
   *     leader is unreachable when the round starts (or when the instance starts in it) is left at
   *     once with a round change rather than after its timer
   */
  public QbftEventLoop(
      final QbftConfig config,
      final WireCodec codec,
      final Transport transport,
      final TimeProvider clock,
      final WakeupScheduler scheduler,
      final QbftListener listener,
      final DriverLimits limits,
      final IntPredicate reachable) {
    this.reachable = reachable;
    this.config = config;
    this.codec = codec;
    this.transport = transport;
    this.clock = clock;
    this.scheduler = scheduler;
    this.listener = listener;
    this.limits = limits;
    this.peers = config.members().stream().filter(m -> m != config.self()).toList();
  }

  /**
   * Starts an instance anchored at {@code startMillis} (the duty start; round timers count from
   * it). Buffered messages for it are then delivered.
   *
   * @param value this operator's value, or null to supply it later with {@link #provideValue}
   */
  public void start(final InstanceId id, final long startMillis, final Value value) {
    if (id.height() < minHeight || instances.containsKey(id)) {
      return;
    }
    final QbftInstance instance = new QbftInstance(config, id, startMillis);
    instances.put(id, instance);
    highestStarted = Math.max(highestStarted, id.height());
    apply(instance, instance.start(clock.currentTimeMillis(), value));
    final List<Buffered> pending = buffered.remove(id);
    if (pending != null) {
      for (Buffered b : pending) {
        release(b.from());
        if (instances.containsKey(id)) {
          deliver(instance, b.from(), b.message());
        }
      }
    }
    scheduleWakeup();
  }

  /** Supplies this operator's value to a started instance. */
  public void provideValue(final InstanceId id, final Value value) {
    final QbftInstance instance = instances.get(id);
    if (instance != null) {
      apply(instance, instance.provideValue(value));
      scheduleWakeup();
    }
  }

  /** An encoded message from an authenticated peer. */
  public void onWire(final int fromOperator, final byte[] bytes) {
    final QbftMessage message;
    try {
      message = codec.decode(bytes);
    } catch (WireFormatException e) {
      drop(fromOperator, Reason.MALFORMED, "message from operator " + fromOperator, e.getMessage());
      return;
    }
    onMessage(fromOperator, message);
  }

  /** A decoded message from an authenticated peer; its signer must be that peer. */
  public void onMessage(final int fromOperator, final QbftMessage message) {
    if (!config.isMember(fromOperator)) {
      drop(fromOperator, Reason.NOT_MEMBER, message, "peer is not a cluster member");
      return;
    }
    if (message.sender() != fromOperator) {
      drop(fromOperator, Reason.SENDER_MISMATCH, message, "signer is not the sending peer");
      return;
    }
    final InstanceId id = message.instance();
    final QbftInstance instance = instances.get(id);
    if (instance != null) {
      deliver(instance, fromOperator, message);
      scheduleWakeup();
    } else if (id.height() < minHeight) {
      drop(fromOperator, Reason.EXPIRED, message, "height expired");
    } else if (id.height() > Math.max(minHeight, highestStarted) + limits.maxFutureHeights()) {
      drop(fromOperator, Reason.TOO_FAR_AHEAD, message, "height too far ahead");
    } else {
      buffer(fromOperator, message);
    }
  }

  /** Fires the timers that are due by the clock. */
  public void onWakeup() {
    requestedWakeup = Long.MAX_VALUE;
    final long now = clock.currentTimeMillis();
    while (!timers.isEmpty() && timers.peek().deadline() <= now) {
      final Timer t = timers.poll();
      if (currentTimer.get(t.instance()) != t) {
        continue;
      }
      currentTimer.remove(t.instance());
      final QbftInstance instance = instances.get(t.instance());
      if (instance != null) {
        apply(instance, instance.onTimer(t.round(), now));
      }
    }
    scheduleWakeup();
  }

  /**
   * Leaves, in every undecided instance, a round whose leader this node no longer reaches (its
   * connections closed or stalled after the round began; checked once at the round's start
   * otherwise). Call when a peer drops or stalls, or periodically: a round change at any moment
   * costs only liveness, never safety.
   */
  public void recheckLeaders() {
    for (final QbftInstance instance : List.copyOf(instances.values())) {
      if (!instance.isStarted() || instance.decision().isPresent()) {
        continue;
      }
      final int leader = instance.leader(instance.round());
      if (leader != config.self() && !reachable.test(leader)) {
        apply(instance, instance.onLeaderUnreachable(clock.currentTimeMillis()));
      }
    }
    scheduleWakeup();
  }

  /** Forgets instances and buffered messages below the height; later messages for them drop. */
  public void expireBefore(final long height) {
    if (height <= minHeight) {
      return;
    }
    minHeight = height;
    instances.keySet().removeIf(id -> id.height() < height);
    currentTimer.keySet().removeIf(id -> id.height() < height);
    timers.removeIf(t -> t.instance().height() < height);
    final Iterator<Map.Entry<InstanceId, List<Buffered>>> it = buffered.entrySet().iterator();
    while (it.hasNext()) {
      final Map.Entry<InstanceId, List<Buffered>> e = it.next();
      if (e.getKey().height() < height) {
        e.getValue().forEach(b -> release(b.from()));
        it.remove();
      }
    }
  }

  public Optional<Decision> decision(final InstanceId id) {
    final QbftInstance instance = instances.get(id);
    return instance == null ? Optional.empty() : instance.decision();
  }

  /** The instance, if live (for status and tests). */
  public Optional<QbftInstance> instance(final InstanceId id) {
    return Optional.ofNullable(instances.get(id));
  }

  public int bufferedMessages() {
    return bufferedTotal;
  }

  /** The earliest pending timer deadline, or {@link Long#MAX_VALUE}. */
  public long nextDeadline() {
    return timers.isEmpty() ? Long.MAX_VALUE : timers.peek().deadline();
  }

  private void deliver(final QbftInstance instance, final int from, final QbftMessage message) {
    apply(instance, instance.onMessage(message));
  }

  private void buffer(final int from, final QbftMessage message) {
    final int perPeer = bufferedPerPeer.getOrDefault(from, 0);
    if (perPeer >= limits.maxBufferedPerPeer() || bufferedTotal >= limits.maxBufferedTotal()) {
      drop(from, Reason.BUFFER_FULL, message, "future-instance buffer full");
      return;
    }
    bufferedPerPeer.put(from, perPeer + 1);
    bufferedTotal++;
    buffered
        .computeIfAbsent(message.instance(), k -> new ArrayList<>())
        .add(new Buffered(from, message));
  }

  private void release(final int from) {
    bufferedPerPeer.merge(from, -1, Integer::sum);
    bufferedTotal--;
  }

  private void apply(final QbftInstance instance, final Effects effects) {
    if (effects == Effects.NONE) {
      return;
    }
    applyEffects(instance, effects);
    if (!effects.timers().isEmpty()
        && instance.decision().isEmpty()
        && instances.get(instance.id()) == instance) {
      final int leader = instance.leader(instance.round());
      if (leader != config.self() && !reachable.test(leader)) {
        apply(instance, instance.onLeaderUnreachable(clock.currentTimeMillis()));
      }
    }
  }

  private void applyEffects(final QbftInstance instance, final Effects effects) {
    for (Rejection r : effects.rejections()) {
      listener.onDropped(r.sender(), r);
    }
    for (Outbound o : effects.messages()) {
      final byte[] bytes = codec.encode(o.message());
      if (o.isBroadcast()) {
        transport.broadcast(peers, o.message(), bytes);
      } else {
        transport.send(o.recipient(), o.message(), bytes);
      }
    }
    for (TimerRequest t : effects.timers()) {
      final Timer timer = new Timer(t.deadlineMillis(), timerSeq++, t.instance(), t.round());
      final Timer old = currentTimer.put(t.instance(), timer);
      if (old != null) {
        timers.remove(old);
      }
      timers.add(timer);
    }
    if (effects.decision().isPresent()) {
      final Timer old = currentTimer.remove(instance.id());
      if (old != null) {
        timers.remove(old);
      }
      listener.onDecided(effects.decision().get());
    }
  }

  private void drop(final int from, final Reason reason, final Object subject, final String why) {
    listener.onDropped(from, new Rejection(from, reason, subject, why));
  }

  private void scheduleWakeup() {
    final long next = nextDeadline();
    if (next < requestedWakeup) {
      requestedWakeup = next;
      scheduler.wakeAt(next);
    }
  }
}
