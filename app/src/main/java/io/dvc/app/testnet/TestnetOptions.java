package io.dvc.app.testnet;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A local testnet: a cluster of {@code nodes} operators with {@code validators} distributed
 * validators, a simulated beacon node, run for {@code epochs} epochs. The cluster is made by the
 * dealer, or with {@code dkg} by a DKG among the operators (one {@code dvc dkg} process each); with
 * {@code reshare} its last operator is then replaced by a new one ({@code dvc reshare}) and the
 * testnet runs on the new cluster.
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
    int blobs,
    List<ExitEvent> exits,
    boolean dkg,
    boolean reshare) {

  public TestnetOptions {
    kills = List.copyOf(kills);
    restarts = List.copyOf(restarts);
    exits = List.copyOf(exits);
    if (nodes < 1 || validators < 1 || epochs < 1 || slotSeconds < 1) {
      throw new IllegalArgumentException(
          "--nodes, --validators, --epochs and --slot-seconds must be at least 1");
    }
    if (reshare && nodes < 2) {
      throw new IllegalArgumentException("--reshare needs at least 2 nodes");
    }
    for (final NodeEvent event : kills) {
      requireNode(event, nodes);
    }
    for (final NodeEvent event : restarts) {
      requireNode(event, nodes);
    }
    for (final ExitEvent exit : exits) {
      if (exit.validator() >= validators) {
        throw new IllegalArgumentException(
            "--exit-validator "
                + exit.validator()
                + ": the cluster's validators are 0.."
                + (validators - 1));
      }
    }
  }

  /** Options without exits, of a cluster the dealer makes and nobody reshares. */
  public TestnetOptions(
      final int nodes,
      final OptionalInt threshold,
      final int validators,
      final int extraValidators,
      final long slotSeconds,
      final int epochs,
      final String fork,
      final String preset,
      final List<NodeEvent> kills,
      final List<NodeEvent> restarts,
      final Optional<Path> report,
      final Optional<Path> keep,
      final long nodeHeapMegabytes,
      final long genesisDelaySeconds,
      final boolean builder,
      final int blobs) {
    this(
        nodes,
        threshold,
        validators,
        extraValidators,
        slotSeconds,
        epochs,
        fork,
        preset,
        kills,
        restarts,
        report,
        keep,
        nodeHeapMegabytes,
        genesisDelaySeconds,
        builder,
        blobs,
        List.of(),
        false,
        false);
  }

  private static void requireNode(final NodeEvent event, final int nodes) {
    if (event.node() < 1 || event.node() > nodes) {
      throw new IllegalArgumentException(
          "node " + event.node() + " does not exist (nodes are 1.." + nodes + ")");
    }
  }
}
