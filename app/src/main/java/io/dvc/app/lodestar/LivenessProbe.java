package io.dvc.app.lodestar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A beacon node's view of which validators were live in an epoch: {@code POST
 * /eth/v1/validator/liveness/{epoch}} (standard), or {@code GET
 * /eth/v1/validator/liveness?indices=…&epoch=} where the node predates it (Lodestar 1.5).
 */
final class LivenessProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  LivenessProbe(final String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** validator index -> is_live, for every index asked. */
  Map<Integer, Boolean> live(final long epoch, final List<Integer> indices)
      throws IOException, InterruptedException {
    final String body =
        indices.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(",", "[", "]"));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/eth/v1/validator/liveness/" + epoch))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404 || response.statusCode() == 405) {
      final String query =
          indices.stream().map(i -> "indices=" + i).collect(Collectors.joining("&"));
      response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          baseUrl + "/eth/v1/validator/liveness?" + query + "&epoch=" + epoch))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "liveness of epoch " + epoch + ": HTTP " + response.statusCode() + " " + response.body());
    }
    final Map<Integer, Boolean> result = new TreeMap<>();
    for (final JsonNode entry : JSON.readTree(response.body()).path("data")) {
      result.put(entry.path("index").asInt(), entry.path("is_live").asBoolean());
    }
    return result;
  }
}
