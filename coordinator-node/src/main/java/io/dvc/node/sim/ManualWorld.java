package io.dvc.node.sim;

import io.dvc.common.async.AsyncRunner;
import io.dvc.common.time.FakeTimeProvider;
import io.dvc.node.pipeline.NodeEnvironment;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A deterministic world for in-process clusters on manual time: one event queue ordered by time
 * (then by arrival) holds every node's workflow tasks, timers and message deliveries, and runs them
 * on the calling thread while moving the clock forward. Links between nodes can be cut and nodes
 * crashed. Used by the start-up rehearsal and by the simulated test cluster; nothing sleeps.
 */
public final class ManualWorld {
  private record Event(long at, long seq, int node, Runnable task) {}

  private final FakeTimeProvider time;
  private final PriorityQueue<Event> events =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final Map<Integer, Map<String, NodeEnvironment.PeerMessaging.Handler>> handlers =
      new HashMap<>();
  private final Set<Integer> crashed = new HashSet<>();
  private final Set<Long> cutLinks = new HashSet<>();
  private Interceptor interceptor = (from, to, protocol, message) -> message;
  private long seq;
  private long latencyMillis;
  private long executed;

  public ManualWorld(final long startMillis) {
    this.time = new FakeTimeProvider(startMillis);
  }

  public FakeTimeProvider time() {
    return time;
  }

  /** Rewrites (or drops, by returning null) a message in flight: a hostile sender in tests. */
  @FunctionalInterface
  public interface Interceptor {
    byte[] intercept(int from, int to, String protocol, byte[] message);
  }

  public void setInterceptor(final Interceptor value) {
    this.interceptor = value;
  }

  /** Every message takes this long to arrive (default 0). */
  public void setLatencyMillis(final long millis) {
    this.latencyMillis = millis;
  }

  /** The workflow thread of a node: its tasks run in order, now. */
  public Executor loop(final int node) {
    return task -> add(time.currentTimeMillis(), node, task);
  }

  /** Scheduling on world time for components that take an {@link AsyncRunner}. */
  public AsyncRunner asyncRunner(final int node) {
    return new AsyncRunner() {
      @Override
      public <T> CompletableFuture<T> runAsync(final Supplier<T> task) {
        return runAfterDelay(task, Duration.ZERO);
      }

      @Override
      public <T> CompletableFuture<T> runAfterDelay(final Supplier<T> task, final Duration delay) {
        final CompletableFuture<T> result = new CompletableFuture<>();
        add(
            time.currentTimeMillis() + delay.toMillis(),
            node,
            () -> {
              try {
                result.complete(task.get());
              } catch (final RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
        return result;
      }
    };
  }

  /** World time in nanoseconds (for components that measure durations). */
  public long nanoTime() {
    return time.currentTimeMillis() * 1_000_000L;
  }

  public NodeEnvironment.Timers timers(final int node) {
    return (millis, task) -> add(Math.max(millis, time.currentTimeMillis()), node, task);
  }

  /** A node's messaging: sends arrive on the receiver's workflow thread after the latency. */
  public NodeEnvironment.PeerMessaging messaging(final int node) {
    return new NodeEnvironment.PeerMessaging() {
      @Override
      public void send(final int operator, final String protocol, final byte[] message) {
        if (crashed.contains(node) || cutLinks.contains(link(node, operator))) {
          return;
        }
        final byte[] copy = interceptor.intercept(node, operator, protocol, message.clone());
        if (copy == null) {
          return;
        }
        add(
            time.currentTimeMillis() + latencyMillis,
            operator,
            () -> {
              final NodeEnvironment.PeerMessaging.Handler handler =
                  handlers.getOrDefault(operator, Map.of()).get(protocol);
              if (handler != null) {
                handler.onMessage(node, copy);
              }
            });
      }

      @Override
      public void handle(final String protocol, final Handler handler) {
        handlers.computeIfAbsent(node, n -> new HashMap<>()).put(protocol, handler);
      }
    };
  }

  /** The node stops: its pending and future tasks and messages are dropped. */
  public void crash(final int node) {
    crashed.add(node);
  }

  public boolean isCrashed(final int node) {
    return crashed.contains(node);
  }

  /** Messages from {@code from} to {@code to} are lost from now on. */
  public void cut(final int from, final int to) {
    cutLinks.add(link(from, to));
  }

  /** Messages from {@code from} to {@code to} arrive again. */
  public void heal(final int from, final int to) {
    cutLinks.remove(link(from, to));
  }

  /** Runs every event due up to {@code millis}, then sets the clock to it. */
  public void runUntil(final long millis) {
    while (!events.isEmpty() && events.peek().at <= millis) {
      final Event event = events.poll();
      time.setMillis(Math.max(time.currentTimeMillis(), event.at));
      if (!crashed.contains(event.node)) {
        executed++;
        event.task.run();
      }
    }
    time.setMillis(Math.max(time.currentTimeMillis(), millis));
  }

  /** Runs what is due now (tasks queued for the current time). */
  public void runNow() {
    runUntil(time.currentTimeMillis());
  }

  public long executedEvents() {
    return executed;
  }

  private void add(final long at, final int node, final Runnable task) {
    events.add(new Event(at, seq++, node, task));
  }

  private static long link(final int from, final int to) {
    return ((long) from << 32) | (to & 0xffffffffL);
  }
}
