package io.dvc.app.testnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Follows the nodes' own monitors ({@code /dvc/v1/monitor}) during a testnet: prints each new alert
 * once with the slot it was first seen at, and sums them up at the end (alerts by kind and the
 * validators named, each node's last monitor view in the JSON report).
 */
final class MonitorWatch {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http;
  private final List<Integer> healthPorts;
  private final List<Set<String>> seen = new ArrayList<>();
  private final List<JsonNode> lastViews = new ArrayList<>();
  private final ArrayNode alerts = JsonNodeFactory.instance.arrayNode();

  MonitorWatch(final HttpClient http, final List<Integer> healthPorts) {
    this.http = http;
    this.healthPorts = List.copyOf(healthPorts);
    for (int i = 0; i < healthPorts.size(); i++) {
      seen.add(new HashSet<>());
      lastViews.add(JsonNodeFactory.instance.nullNode());
    }
  }

  /** Reads every node's view; prints alerts not seen before. */
  void poll(final long slot, final PrintStream out) {
    for (int i = 0; i < healthPorts.size(); i++) {
      final JsonNode view;
      try {
        final HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + healthPorts.get(i) + "/dvc/v1/monitor"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          continue;
        }
        view = MAPPER.readTree(response.body());
      } catch (final IOException e) {
        continue;
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      lastViews.set(i, view);
      for (final JsonNode alert : view.path("alerts")) {
        final String key = alert.toString();
        if (seen.get(i).add(key)) {
          final ObjectNode entry = ((ObjectNode) alert.deepCopy()).put("node", i + 1);
          entry.put("seen_at_slot", slot);
          alerts.add(entry);
          out.printf(
              "  !! slot %d: node %d ALERT %s%s: %s%n",
              slot,
              i + 1,
              alert.path("kind").asText(),
              alert.has("validator_index")
                  ? " validator=" + alert.path("validator_index").asLong()
                  : "",
              alert.path("message").asText());
        }
      }
    }
  }

  /** Alerts by kind: how many, on how many nodes, and the validators they name. */
  void printSummary(final PrintStream out) {
    final Map<String, Set<Long>> validators = new TreeMap<>();
    final Map<String, Set<Integer>> nodes = new TreeMap<>();
    for (final JsonNode alert : alerts) {
      final String kind = alert.path("kind").asText();
      validators.computeIfAbsent(kind, k -> new java.util.TreeSet<>());
      nodes.computeIfAbsent(kind, k -> new java.util.TreeSet<>()).add(alert.path("node").asInt());
      if (alert.has("validator_index")) {
        validators.get(kind).add(alert.path("validator_index").asLong());
      }
    }
    out.println("monitor alerts (from the nodes' own monitors):");
    if (validators.isEmpty()) {
      out.println("  none");
    }
    validators.forEach(
        (kind, named) ->
            out.printf(
                "  %-24s nodes %s%s%n",
                kind, nodes.get(kind), named.isEmpty() ? "" : "  validators " + named));
  }

  ObjectNode toJson() {
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.set("alerts", alerts.deepCopy());
    final ArrayNode views = node.putArray("views");
    lastViews.forEach(views::add);
    return node;
  }
}
