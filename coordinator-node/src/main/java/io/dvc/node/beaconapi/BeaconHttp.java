package io.dvc.node.beaconapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** JSON over HTTP to one beacon node, with a per-request timeout and latency reporting. */
public final class BeaconHttp {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Receives the latency of every request, for metrics. */
  public interface LatencyListener {
    void onRequest(String baseUrl, String endpoint, long nanos, boolean success);
  }

  private final String baseUrl;
  private final HttpClient client;
  private final Duration timeout;
  private final LatencyListener latency;

  public BeaconHttp(
      final String baseUrl,
      final Duration timeout,
      final Executor executor,
      final LatencyListener latency) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    this.latency = latency;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .executor(executor)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public String baseUrl() {
    return baseUrl;
  }

  public HttpClient client() {
    return client;
  }

  /** GET a JSON document; the future fails with a {@link BeaconApiException} on any error. */
  public CompletableFuture<JsonNode> get(final String endpoint) {
    final HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + endpoint))
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    return send(endpoint, request);
  }

  /** POST a JSON body with extra headers; an empty response body yields a null node. */
  public CompletableFuture<JsonNode> post(
      final String endpoint, final JsonNode body, final Map<String, String> headers) {
    final HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + endpoint))
            .timeout(timeout)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    headers.forEach(builder::header);
    return send(endpoint, builder.build());
  }

  private CompletableFuture<JsonNode> send(final String endpoint, final HttpRequest request) {
    final long start = System.nanoTime();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, error) -> {
              final boolean ok = error == null && response.statusCode() / 100 == 2;
              latency.onRequest(baseUrl, endpoint, System.nanoTime() - start, ok);
              if (error != null) {
                throw new CompletionException(
                    new BeaconApiException(
                        baseUrl + endpoint + ": " + rootMessage(error), unwrap(error)));
              }
              return parse(endpoint, response);
            });
  }

  private JsonNode parse(final String endpoint, final HttpResponse<String> response) {
    final int status = response.statusCode();
    if (status / 100 != 2) {
      throw new CompletionException(
          new BeaconApiException(
              baseUrl + endpoint + ": HTTP " + status + " " + errorMessage(response.body()),
              status,
              jsonOrNull(response.body())));
    }
    if (response.body() == null || response.body().isBlank()) {
      return MAPPER.nullNode();
    }
    try {
      return MAPPER.readTree(response.body());
    } catch (final IOException e) {
      throw new CompletionException(
          new BeaconApiException(baseUrl + endpoint + ": response is not JSON", e));
    }
  }

  private static JsonNode jsonOrNull(final String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readTree(body);
    } catch (final IOException e) {
      return null;
    }
  }

  private static String errorMessage(final String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      final JsonNode node = MAPPER.readTree(body);
      return node.path("message").asText(body.length() > 200 ? body.substring(0, 200) : body);
    } catch (final IOException e) {
      return body.length() > 200 ? body.substring(0, 200) : body;
    }
  }

  private static Throwable unwrap(final Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  private static String rootMessage(final Throwable error) {
    Throwable cause = unwrap(error);
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    final String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
