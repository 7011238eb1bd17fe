package io.dvc.node.beaconapi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interim fallback of the old client (replaced by io.dvc.node.beacon): when a beacon node answers
 * 404 or 405 to a newer endpoint form, use the older form from then on and say so once.
 */
final class OlderForm {
  private static final Logger LOG = LoggerFactory.getLogger(OlderForm.class);

  private OlderForm() {}

  static <T> CompletableFuture<T> orElse(
      final CompletableFuture<T> newer,
      final AtomicBoolean useOlder,
      final String message,
      final Supplier<CompletableFuture<T>> older) {
    return newer
        .handle(
            (value, error) -> {
              if (error == null) {
                return CompletableFuture.completedFuture(value);
              }
              if (isUnknownRoute(error)) {
                if (useOlder.compareAndSet(false, true)) {
                  LOG.info("{}", message);
                }
                return older.get();
              }
              return CompletableFuture.<T>failedFuture(error);
            })
        .thenCompose(f -> f);
  }

  static boolean isUnknownRoute(final Throwable error) {
    final Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof BeaconApiException api && (api.status() == 404 || api.status() == 405);
  }
}
