package io.dvc.app.testnet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A node's Prometheus text from its health port's {@code /metrics}, or why not. */
public final class MetricsScrape {
  private MetricsScrape() {}

  /** The text on HTTP 200 within 5 s; empty otherwise (the reason is not needed by callers). */
  public static Optional<String> text(final HttpClient http, final int port) throws IOException {
    try {
      final HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
