package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.spec.ssz.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JDK HttpClient wrapper for the tests: every call is bounded by a 10 s timeout. */
final class SimHttp {
  record Response(int status, JsonNode body, String raw, HttpResponse<String> http) {}

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  SimHttp(final String baseUrl) {
    this.baseUrl = baseUrl;
  }

  Response get(final String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), Map.of());
  }

  Response get(final String path, final Map<String, String> headers) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), headers);
  }

  /** A GET answered with bytes (an SSZ response). */
  HttpResponse<byte[]> getBytes(final String path, final Map<String, String> headers) {
    final HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
    headers.forEach(builder::header);
    try {
      return client.send(
          builder.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (final IOException e) {
      throw new IllegalStateException(e);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A POST of an SSZ body. */
  Response postBytes(final String path, final byte[] body, final Map<String, String> headers) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
        headers);
  }

  Response post(final String path, final String body) {
    return post(path, body, Map.of());
  }

  Response post(final String path, final String body, final Map<String, String> headers) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        headers);
  }

  Response post(final String path, final JsonNode body, final Map<String, String> headers) {
    return post(path, body.toString(), headers);
  }

  private Response send(final HttpRequest.Builder builder, final Map<String, String> headers) {
    headers.forEach(builder::header);
    try {
      final HttpResponse<String> response =
          client.send(
              builder.timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      final String raw = response.body();
      return new Response(
          response.statusCode(), raw.isEmpty() ? null : Json.parse(raw), raw, response);
    } catch (final IOException e) {
      throw new IllegalStateException(e);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpClient client() {
    return client;
  }
}
