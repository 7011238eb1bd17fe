package io.dvc.node;

import io.dvc.node.fault.TestFault;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Run-time options of one operator node.
 *
 * @param dataDir where the slashing-protection database lives
 * @param beaconNodeUrls beacon nodes: reads take the first good answer, writes go to all
 * @param p2pListen libp2p listen address
 * @param healthAddress where /metrics, /livez, /readyz and /dvc/v1/duties are served (port 0 picks
 *     one); empty disables it
 * @param metricsAddress a second address serving /metrics, if it differs from the health one
 * @param beaconTimeout per-request beacon-node timeout (the whole exchange)
 * @param graffiti the graffiti of proposed blocks (at most 32 bytes of UTF-8)
 * @param builder propose blinded blocks from a builder when they are worth more (the same on every
 *     node of the cluster)
 * @param gasLimit the gas limit of the builder registrations (the same on every node)
 * @param doppelgangerProtection hold validators without slashing-protection history until their
 *     liveness shows no other copy (or this cluster signs for them)
 * @param exitsAllowed whether this operator signs voluntary exits other operators ask for
 * @param exitMaxFutureEpochs how far past the current epoch an exit epoch may lie
 * @param peerAddresses where to dial operators (by index) instead of their address in the lock (the
 *     peer must still prove its identity; the chaos harness routes links through its proxies this
 *     way)
 * @param testFault a deliberate misbehaviour for tests of the other nodes (never on a public
 *     network)
 * @param testClockOffsetMillis added to the system clock everywhere in the node, for tests of a
 *     cluster whose clocks disagree (0: none; never on a public network)
 */
public record NodeOptions(
    Path dataDir,
    List<String> beaconNodeUrls,
    Multiaddr p2pListen,
    Optional<InetSocketAddress> healthAddress,
    Optional<InetSocketAddress> metricsAddress,
    Duration beaconTimeout,
    String graffiti,
    boolean builder,
    long gasLimit,
    boolean doppelgangerProtection,
    boolean exitsAllowed,
    long exitMaxFutureEpochs,
    Map<Integer, Multiaddr> peerAddresses,
    Optional<TestFault> testFault,
    long testClockOffsetMillis) {

  /** The gas limit registered with builders by default. */
  public static final long DEFAULT_GAS_LIMIT = 36_000_000L;

  public NodeOptions {
    beaconNodeUrls = List.copyOf(beaconNodeUrls);
    peerAddresses = Map.copyOf(peerAddresses);
  }

  /**
   * Options with the default gas limit, doppelganger protection on, exits allowed for the current
   * epoch, the lock's addresses dialled and no test fault.
   */
  public NodeOptions(
      final Path dataDir,
      final List<String> beaconNodeUrls,
      final Multiaddr p2pListen,
      final Optional<InetSocketAddress> healthAddress,
      final Optional<InetSocketAddress> metricsAddress,
      final Duration beaconTimeout,
      final String graffiti,
      final boolean builder) {
    this(
        dataDir,
        beaconNodeUrls,
        p2pListen,
        healthAddress,
        metricsAddress,
        beaconTimeout,
        graffiti,
        builder,
        DEFAULT_GAS_LIMIT,
        true,
        true,
        0,
        Map.of(),
        Optional.empty(),
        0);
  }

  /** Options with the default graffiti and no builder. */
  public NodeOptions(
      final Path dataDir,
      final List<String> beaconNodeUrls,
      final Multiaddr p2pListen,
      final Optional<InetSocketAddress> healthAddress,
      final Optional<InetSocketAddress> metricsAddress,
      final Duration beaconTimeout) {
    this(
        dataDir,
        beaconNodeUrls,
        p2pListen,
        healthAddress,
        metricsAddress,
        beaconTimeout,
        "dvc",
        false);
  }
}
