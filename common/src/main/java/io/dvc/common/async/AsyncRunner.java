package io.dvc.common.async;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Injected scheduling: the only way components run work later or elsewhere. */
public interface AsyncRunner {

  /** Runs the task on the runner's executor. */
  <T> CompletableFuture<T> runAsync(Supplier<T> task);

  /** Runs the task after a delay. */
  <T> CompletableFuture<T> runAfterDelay(Supplier<T> task, Duration delay);

  /** A future that completes after the delay. */
  default CompletableFuture<Void> delay(final Duration delay) {
    return runAfterDelay(() -> null, delay);
  }
}
