package io.dvc.app.testnet;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A local testnet: a cluster of {@code nodes} operators with {@code validators} distributed
 * validators, a simulated beacon node, run for {@code epochs} epochs.
 */
public record TestnetOptions(
    int nodes,
    OptionalInt threshold,
    int validators,
    int extraValidators,
    long slotSeconds,
    int epochs,
    String fork,
    String preset,
    List<NodeEvent> kills,
    List<NodeEvent> restarts,
    Optional<Path> report,
    Optional<Path> keep,
    long nodeHeapMegabytes,
    long genesisDelaySeconds,
    boolean builder,
    int blobs) {

  public TestnetOptions {
    kills = List.copyOf(kills);
    restarts = List.copyOf(restarts);
    if (nodes < 1 || validators < 1 || epochs < 1 || slotSeconds < 1) {
      throw new IllegalArgumentException(
          "--nodes, --validators, --epochs and --slot-seconds must be at least 1");
    }
    for (final NodeEvent event : kills) {
      requireNode(event, nodes);
    }
    for (final NodeEvent event : restarts) {
      requireNode(event, nodes);
    }
  }

  private static void requireNode(final NodeEvent event, final int nodes) {
    if (event.node() < 1 || event.node() > nodes) {
      throw new IllegalArgumentException(
          "node " + event.node() + " does not exist (nodes are 1.." + nodes + ")");
    }
  }
}
