package io.dvc.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.common.text.SafeText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The human form of {@code /dvc/v1/status}: one block per section in the order the node sent them.
 * Sections with a renderer in {@link #RENDERERS} get a table; any other section (a newer node's) is
 * printed as indented {@code key: value} lines, so a node can add sections before the CLI knows
 * them. To give a new section a table, add its renderer here.
 */
final class StatusTable {
  static final Map<String, BiConsumer<JsonNode, PrintWriter>> RENDERERS =
      Map.of(
          "cluster", StatusTable::cluster,
          "peers", StatusTable::peers,
          "beacon_nodes", StatusTable::beaconNodes,
          "validators", StatusTable::validators,
          "duties", StatusTable::duties,
          "storage", StatusTable::storage);

  private StatusTable() {}

  static void print(final JsonNode status, final PrintWriter out) {
    out.println("state: " + text(status.path("state")));
    final Iterator<Map.Entry<String, JsonNode>> fields = status.fields();
    while (fields.hasNext()) {
      final Map.Entry<String, JsonNode> section = fields.next();
      if (List.of("version", "time_ms", "state").contains(section.getKey())) {
        continue;
      }
      out.println();
      out.println(section.getKey().toUpperCase(java.util.Locale.ROOT).replace('_', ' '));
      if (section.getValue().has("error") && section.getValue().size() == 1) {
        out.println("  error: " + text(section.getValue().get("error")));
        continue;
      }
      RENDERERS
          .getOrDefault(section.getKey(), StatusTable::generic)
          .accept(section.getValue(), out);
    }
  }

  private static void cluster(final JsonNode c, final PrintWriter out) {
    out.printf(
        "  %s, lock hash %s%n  operator %s '%s' (%s) of %s, threshold %s, %s validators, %s%n",
        text(c.path("name")),
        text(c.path("lock_hash")),
        text(c.path("operator_index")),
        text(c.path("operator_name")),
        text(c.path("peer_id")),
        text(c.path("operators")),
        text(c.path("threshold")),
        text(c.path("validators")),
        text(c.path("version")));
  }

  private static void peers(final JsonNode peers, final PrintWriter out) {
    final List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "#", "name", "state", "rtt", "clock", "version", "lock", "last msg", "error"
        });
    for (final JsonNode p : peers) {
      rows.add(
          new String[] {
            text(p.path("index")),
            text(p.path("name")),
            (p.path("connected").asBoolean() ? "up " : "DOWN ") + seconds(p.path("since_ms")),
            millis(p.path("rtt_ms")),
            p.path("clock_offset_ms").isNumber()
                ? String.format("%+d ms", p.path("clock_offset_ms").asLong())
                : "-",
            text(p.path("version")),
            p.path("lock_hash").asText().isEmpty()
                ? "-"
                : p.path("lock_hash_matches").asBoolean() ? "same" : "OTHER",
            p.path("last_message_ms_ago").isNumber()
                ? seconds(p.path("last_message_ms_ago")) + " ago"
                : "-",
            text(p.path("last_error"))
          });
    }
    table(rows, out);
  }

  private static void beaconNodes(final JsonNode nodes, final PrintWriter out) {
    final List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"url", "reachable", "synced", "head", "version", "p50", "p99", "error"});
    for (final JsonNode n : nodes) {
      rows.add(
          new String[] {
            text(n.path("url")),
            n.path("reachable").asBoolean() ? "yes" : "NO",
            n.path("synced").asBoolean() ? "yes" : "NO",
            text(n.path("head_slot")),
            text(n.path("version")),
            millis(n.path("latency_p50_ms")),
            millis(n.path("latency_p99_ms")),
            text(n.path("error"))
          });
    }
    table(rows, out);
  }

  private static void validators(final JsonNode v, final PrintWriter out) {
    final StringBuilder line = new StringBuilder("  " + text(v.path("total")) + " validators:");
    v.path("by_status")
        .fields()
        .forEachRemaining(
            e -> line.append(' ').append(e.getKey()).append(' ').append(e.getValue().asText()));
    out.println(line);
    if (!v.path("error").asText().isEmpty()) {
      out.println("  error: " + text(v.path("error")));
    }
  }

  private static void duties(final JsonNode d, final PrintWriter out) {
    out.printf("  epochs %s..%s%n", text(d.path("from_epoch")), text(d.path("to_epoch")));
    d.path("by_type")
        .fields()
        .forEachRemaining(
            e -> {
              final StringBuilder line =
                  new StringBuilder(
                      String.format(
                          "  %-10s %s succeeded, %s failed",
                          e.getKey(),
                          text(e.getValue().path("succeeded")),
                          text(e.getValue().path("failed"))));
              e.getValue()
                  .path("failures")
                  .fields()
                  .forEachRemaining(
                      f ->
                          line.append(", ")
                              .append(f.getKey())
                              .append(' ')
                              .append(f.getValue().asText()));
              out.println(line);
            });
  }

  private static void storage(final JsonNode s, final PrintWriter out) {
    out.printf(
        "  slashing protection %s, data directory %s free of %s (%s)%n",
        bytes(s.path("slashing_db_bytes")),
        bytes(s.path("data_dir_free_bytes")),
        bytes(s.path("data_dir_total_bytes")),
        text(s.path("data_dir")));
  }

  private static void generic(final JsonNode node, final PrintWriter out) {
    generic(node, out, "  ");
  }

  private static void generic(final JsonNode node, final PrintWriter out, final String indent) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isContainerNode()) {
                  out.println(indent + SafeText.escape(e.getKey()) + ":");
                  generic(e.getValue(), out, indent + "  ");
                } else {
                  out.println(indent + SafeText.escape(e.getKey()) + ": " + text(e.getValue()));
                }
              });
    } else if (node.isArray()) {
      int i = 0;
      for (final JsonNode element : node) {
        out.println(indent + "[" + i++ + "]");
        generic(element, out, indent + "  ");
      }
    } else {
      out.println(indent + text(node));
    }
  }

  private static void table(final List<String[]> rows, final PrintWriter out) {
    final int[] widths = new int[rows.get(0).length];
    for (final String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (final String[] row : rows) {
      final StringBuilder line = new StringBuilder(" ");
      for (int i = 0; i < row.length; i++) {
        line.append(' ').append(row[i]).append(" ".repeat(widths[i] - row[i].length()));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String text(final JsonNode value) {
    return value.isMissingNode() || value.isNull() ? "-" : SafeText.escape(value.asText());
  }

  private static String millis(final JsonNode value) {
    return value.isNumber() ? value.asLong() + " ms" : "-";
  }

  private static String seconds(final JsonNode millis) {
    if (!millis.isNumber()) {
      return "-";
    }
    final long ms = millis.asLong();
    return ms < 60_000 ? String.format("%.1f s", ms / 1000.0) : (ms / 60_000) + " min";
  }

  private static String bytes(final JsonNode value) {
    if (!value.isNumber()) {
      return "-";
    }
    final double b = value.asDouble();
    if (b < 1 << 20) {
      return String.format("%.1f KiB", b / 1024);
    }
    if (b < 1L << 30) {
      return String.format("%.1f MiB", b / (1 << 20));
    }
    return String.format("%.1f GiB", b / (1L << 30));
  }
}
