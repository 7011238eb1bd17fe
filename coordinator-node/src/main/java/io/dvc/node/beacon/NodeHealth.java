package io.dvc.node.beacon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which beacon nodes failed recently. A node whose last result was a failure is asked after the
 * healthy ones for {@code memory} after that failure; one success (any request, reads or writes)
 * makes it healthy again, and after {@code memory} it gets its configured place back so that a
 * recovered node is tried again even when others keep answering. Thread-safe.
 */
final class NodeHealth {
  private static final Logger LOG = LoggerFactory.getLogger(NodeHealth.class);

  private final Duration memory;
  private final LongSupplier nanoTime;
  private final Map<String, Long> lastFailure = new ConcurrentHashMap<>();

  NodeHealth(final Duration memory, final LongSupplier nanoTime) {
    this.memory = memory;
    this.nanoTime = nanoTime;
  }

  void success(final String node) {
    if (lastFailure.remove(node) != null) {
      LOG.info("beacon node {} answers again", node);
    }
  }

  void failure(final String node, final String reason) {
    if (lastFailure.put(node, nanoTime.getAsLong()) == null) {
      LOG.warn("beacon node {} failed, asking it last for now: {}", node, reason);
    }
  }

  boolean isHealthy(final String node) {
    final Long failedAt = lastFailure.get(node);
    return failedAt == null || nanoTime.getAsLong() - failedAt >= memory.toNanos();
  }

  /** Healthy nodes in configured order, then the others, the longest-failed first. */
  List<BeaconNode> order(final List<BeaconNode> nodes) {
    final List<BeaconNode> healthy = new ArrayList<>();
    final List<BeaconNode> failed = new ArrayList<>();
    for (final BeaconNode node : nodes) {
      (isHealthy(node.url()) ? healthy : failed).add(node);
    }
    failed.sort(Comparator.comparingLong(n -> lastFailure.getOrDefault(n.url(), Long.MIN_VALUE)));
    healthy.addAll(failed);
    return healthy;
  }
}
