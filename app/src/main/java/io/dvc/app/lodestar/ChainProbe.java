package io.dvc.app.lodestar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/** Proposer duties and block headers, as a beacon node's standard API answers them. */
final class ChainProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  ChainProbe(final String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** slot -> proposer index of one epoch ({@code GET /eth/v1/validator/duties/proposer/E}). */
  Map<Long, Integer> proposers(final long epoch) throws IOException, InterruptedException {
    final HttpResponse<String> response = get("/eth/v1/validator/duties/proposer/" + epoch);
    if (response.statusCode() != 200) {
      throw new IOException(
          "proposer duties of epoch "
              + epoch
              + ": HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
    final Map<Long, Integer> result = new TreeMap<>();
    for (final JsonNode duty : JSON.readTree(response.body()).path("data")) {
      result.put(duty.path("slot").asLong(), duty.path("validator_index").asInt());
    }
    return result;
  }

  /** The proposer of the canonical block at a slot, or empty when the slot has none. */
  OptionalInt proposerOfBlockAt(final long slot) throws IOException, InterruptedException {
    final HttpResponse<String> response = get("/eth/v1/beacon/headers/" + slot);
    if (response.statusCode() == 404) {
      return OptionalInt.empty();
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "header at slot " + slot + ": HTTP " + response.statusCode() + " " + response.body());
    }
    final JsonNode message =
        JSON.readTree(response.body()).path("data").path("header").path("message");
    return message.path("slot").asLong() == slot
        ? OptionalInt.of(message.path("proposer_index").asInt())
        : OptionalInt.empty();
  }

  private HttpResponse<String> get(final String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
