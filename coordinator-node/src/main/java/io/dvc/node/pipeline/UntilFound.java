package io.dvc.node.pipeline;

import io.dvc.common.time.TimeProvider;
import io.dvc.node.beacon.BeaconApiException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Asks a beacon node again while every node answers 404 ("not known yet"): an aggregate or a sync
 * contribution is built from the messages a beacon node has received, and at two thirds of a slot a
 * cluster's own messages may still be on their way. Other failures, and the last 404 at the given
 * time, fail as they are.
 */
public final class UntilFound {
  private UntilFound() {}

  public static <T> CompletableFuture<T> call(
      final Supplier<CompletableFuture<T>> request,
      final NodeEnvironment.Timers timers,
      final TimeProvider time,
      final long intervalMillis,
      final long untilMillis) {
    final CompletableFuture<T> result = new CompletableFuture<>();
    attempt(request, timers, time, intervalMillis, untilMillis, result);
    return result;
  }

  private static <T> void attempt(
      final Supplier<CompletableFuture<T>> request,
      final NodeEnvironment.Timers timers,
      final TimeProvider time,
      final long intervalMillis,
      final long untilMillis,
      final CompletableFuture<T> result) {
    request
        .get()
        .whenComplete(
            (value, error) -> {
              if (error == null) {
                result.complete(value);
                return;
              }
              final long next = time.currentTimeMillis() + intervalMillis;
              if (isNotFound(error) && next < untilMillis) {
                timers.at(
                    next,
                    () -> attempt(request, timers, time, intervalMillis, untilMillis, result));
              } else {
                result.completeExceptionally(error);
              }
            });
  }

  private static boolean isNotFound(final Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof BeaconApiException e && e.status() == 404;
  }
}
