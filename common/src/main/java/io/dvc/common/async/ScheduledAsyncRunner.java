package io.dvc.common.async;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** An {@link AsyncRunner} on a scheduled thread pool of daemon threads. */
public final class ScheduledAsyncRunner implements AsyncRunner, AutoCloseable {
  private final ScheduledExecutorService executor;

  public ScheduledAsyncRunner(final String name, final int threads) {
    this.executor =
        Executors.newScheduledThreadPool(
            threads,
            runnable -> {
              final Thread thread = new Thread(runnable, name);
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public <T> CompletableFuture<T> runAsync(final Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, executor);
  }

  @Override
  public <T> CompletableFuture<T> runAfterDelay(final Supplier<T> task, final Duration delay) {
    final CompletableFuture<T> result = new CompletableFuture<>();
    executor.schedule(
        () -> {
          try {
            result.complete(task.get());
          } catch (final RuntimeException e) {
            result.completeExceptionally(e);
          }
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
    return result;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
