package io.dvc.node.beacon;

import io.dvc.common.async.AsyncRunner;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** An {@link AsyncRunner} on manual time: delayed tasks run when the test advances the clock. */
public final class ManualRunner implements AsyncRunner {
  private record Task(long due, long sequence, Runnable run) {}

  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(
          (a, b) ->
              a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.sequence, b.sequence));
  private long now;
  private long sequence;

  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public <T> CompletableFuture<T> runAsync(final Supplier<T> task) {
    return runAfterDelay(task, Duration.ZERO);
  }

  @Override
  public synchronized <T> CompletableFuture<T> runAfterDelay(
      final Supplier<T> task, final Duration delay) {
    final CompletableFuture<T> result = new CompletableFuture<>();
    tasks.add(
        new Task(
            now + delay.toNanos(),
            sequence++,
            () -> {
              try {
                result.complete(task.get());
              } catch (final RuntimeException e) {
                result.completeExceptionally(e);
              }
            }));
    return result;
  }

  /** Moves time forward, running every task that falls due, in order. */
  public void advance(final Duration duration) {
    final long target;
    synchronized (this) {
      target = now + duration.toNanos();
    }
    while (true) {
      final Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = next.due;
      }
      next.run.run();
    }
  }

  public synchronized int pending() {
    return tasks.size();
  }
}
