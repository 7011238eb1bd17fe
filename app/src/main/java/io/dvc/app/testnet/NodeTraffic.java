package io.dvc.app.testnet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes each node sent and received on its libp2p connections, from the node's own {@code
 * dvc_p2p_bytes_total} counters: read at genesis and at the end, reported per node per epoch. A
 * node restarted during the run counts from its restart (its counters start again at 0).
 */
final class NodeTraffic {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "^dvc_p2p_bytes_total\\{[^}]*direction=\"(sent|received)\"[^}]*\\}\\s+(\\S+)");

  /** Sent and received bytes summed over peers. */
  record Totals(double sent, double received) {
    static final Totals UNKNOWN = new Totals(Double.NaN, Double.NaN);
  }

  private final HttpClient http;
  private final List<Integer> metricsPorts;
  private List<Totals> atGenesis = List.of();

  NodeTraffic(final HttpClient http, final List<Integer> metricsPorts) {
    this.http = http;
    this.metricsPorts = metricsPorts;
  }

  /** Parses the node's Prometheus text; sums every peer's samples by direction. */
  static Totals parse(final String prometheusText) {
    double sent = 0;
    double received = 0;
    boolean any = false;
    for (final String line : prometheusText.split("\n")) {
      final Matcher m = SAMPLE.matcher(line);
      if (m.find()) {
        try {
          final double value = Double.parseDouble(m.group(2));
          any = true;
          if (m.group(1).equals("sent")) {
            sent += value;
          } else {
            received += value;
          }
        } catch (final NumberFormatException e) {
          // not a sample
        }
      }
    }
    return any ? new Totals(sent, received) : Totals.UNKNOWN;
  }

  void markGenesis() {
    atGenesis = scrape();
  }

  /** Per node, bytes per epoch since genesis (NaN where a node could not be read). */
  List<Totals> perEpochSinceGenesis(final long epochs) {
    final List<Totals> now = scrape();
    final List<Totals> result = new ArrayList<>();
    for (int i = 0; i < now.size(); i++) {
      final Totals start = i < atGenesis.size() ? atGenesis.get(i) : Totals.UNKNOWN;
      final Totals end = now.get(i);
      // a restart resets the counters: count from 0 then
      final double sent = end.sent() >= start.sent() ? end.sent() - start.sent() : end.sent();
      final double received =
          end.received() >= start.received() ? end.received() - start.received() : end.received();
      result.add(new Totals(sent / epochs, received / epochs));
    }
    return result;
  }

  static void print(final List<Totals> perEpoch, final PrintStream out) {
    out.printf(
        "p2p bytes per node per epoch (the nodes' own counters, MB): sent %s, received %s%n",
        perEpoch.stream().map(t -> String.format("%.1f", t.sent() / 1e6)).toList(),
        perEpoch.stream().map(t -> String.format("%.1f", t.received() / 1e6)).toList());
  }

  static void toJson(final List<Totals> perEpoch, final ObjectNode json) {
    final var sent = json.putArray("p2p_bytes_sent_per_node_per_epoch");
    final var received = json.putArray("p2p_bytes_received_per_node_per_epoch");
    for (final Totals t : perEpoch) {
      if (Double.isNaN(t.sent())) {
        sent.addNull();
        received.addNull();
      } else {
        sent.add(Math.round(t.sent()));
        received.add(Math.round(t.received()));
      }
    }
  }

  private List<Totals> scrape() {
    final List<Totals> result = new ArrayList<>();
    for (final int port : metricsPorts) {
      result.add(scrape(port));
    }
    return result;
  }

  private Totals scrape(final int port) {
    try {
      return MetricsScrape.text(http, port).map(NodeTraffic::parse).orElse(Totals.UNKNOWN);
    } catch (final IOException e) {
      return Totals.UNKNOWN;
    }
  }
}
