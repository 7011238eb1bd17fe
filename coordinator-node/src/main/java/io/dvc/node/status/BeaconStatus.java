package io.dvc.node.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.NodeResult;
import io.dvc.node.beacon.api.GetNodeVersion;
import io.dvc.node.beacon.api.GetSyncing;
import io.dvc.node.beacon.api.SyncStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The {@code beacon_nodes} status section: per configured beacon node whether it answered the last
 * probe, whether it is synced, its client and version, head slot, and the p50/p99 latency of the
 * node's last {@value #WINDOW} requests of any kind (fed by the HTTP client). {@link #probe} asks
 * every node in parallel and returns at once; snapshots read what the last probe found.
 */
public final class BeaconStatus implements StatusSection {
  static final int WINDOW = 512;

  private static final class Node {
    final LatencyWindow latency = new LatencyWindow(WINDOW);
    Optional<SyncStatus> sync = Optional.empty();
    Optional<String> version = Optional.empty();
    Optional<String> error = Optional.of("not asked yet");
    long probedAt = -1;
  }

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final LongSupplier clock;

  public BeaconStatus(final List<String> urls, final LongSupplier clock) {
    urls.forEach(url -> nodes.put(url, new Node()));
    this.clock = clock;
  }

  /** One exchange with a node finished (any request). */
  public void exchange(final String url, final long nanos) {
    final Node node = nodes.get(url);
    if (node != null) {
      node.latency.add(nanos / 1_000_000);
    }
  }

  /** Asks every node for its sync status and version; the results arrive later. */
  public void probe(final BeaconClient beacon) {
    beacon
        .callEach(new GetSyncing(), Duration.ofSeconds(2))
        .whenComplete(
            (results, error) -> {
              if (error != null) {
                failedAll(error);
              } else {
                results.forEach(this::syncResult);
              }
            });
    beacon
        .callEach(new GetNodeVersion(), Duration.ofSeconds(2))
        .whenComplete(
            (results, error) -> {
              if (results != null) {
                results.forEach(this::versionResult);
              }
            });
  }

  private synchronized void failedAll(final Throwable error) {
    final Throwable cause = error.getCause() == null ? error : error.getCause();
    nodes
        .values()
        .forEach(
            node -> {
              node.sync = Optional.empty();
              node.error = Optional.of(String.valueOf(cause.getMessage()));
              node.probedAt = clock.getAsLong();
            });
  }

  private synchronized void syncResult(final NodeResult<SyncStatus> result) {
    final Node node = nodes.get(result.node());
    if (node == null) {
      return;
    }
    node.sync = result.value();
    node.error = result.error();
    node.probedAt = clock.getAsLong();
  }

  private synchronized void versionResult(final NodeResult<String> result) {
    final Node node = nodes.get(result.node());
    if (node != null && result.value().isPresent()) {
      node.version = result.value();
    }
  }

  @Override
  public String name() {
    return "beacon_nodes";
  }

  @Override
  public synchronized JsonNode snapshot() {
    final ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (final Map.Entry<String, Node> entry : nodes.entrySet()) {
      final Node node = entry.getValue();
      final ObjectNode out = array.addObject();
      out.put("url", entry.getKey());
      out.put("reachable", node.sync.isPresent());
      out.put("synced", node.sync.map(s -> !s.isSyncing()).orElse(false));
      if (node.sync.isPresent()) {
        out.put("head_slot", node.sync.get().headSlot());
        out.put("sync_distance", node.sync.get().syncDistance());
        out.put("optimistic", node.sync.get().isOptimistic());
        out.put("el_offline", node.sync.get().elOffline());
      } else {
        out.putNull("head_slot");
      }
      out.put("version", node.version.orElse(""));
      final long p50 = node.latency.quantile(0.5);
      final long p99 = node.latency.quantile(0.99);
      if (p50 >= 0) {
        out.put("latency_p50_ms", p50);
        out.put("latency_p99_ms", p99);
      } else {
        out.putNull("latency_p50_ms");
        out.putNull("latency_p99_ms");
      }
      out.put("requests", node.latency.count());
      out.put("error", node.error.orElse(""));
      if (node.probedAt >= 0) {
        out.put("probed_ms_ago", clock.getAsLong() - node.probedAt);
      }
    }
    return array;
  }
}
