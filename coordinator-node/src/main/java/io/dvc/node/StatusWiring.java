package io.dvc.node;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.common.time.SlotClock;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.cluster.ClusterIdentity;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.ValidatorShare;
import io.dvc.node.metrics.HealthServer;
import io.dvc.node.status.BeaconStatus;
import io.dvc.node.status.DutySummary;
import io.dvc.node.status.NodeStatus;
import io.dvc.node.status.PeerMonitor;
import io.dvc.node.status.PeerTracker;
import io.dvc.node.status.StatusSection;
import io.dvc.node.status.StorageStatus;
import io.dvc.node.status.ValidatorStatus;
import io.dvc.p2p.P2PNetwork;
import io.dvc.p2p.messaging.Messaging;
import io.dvc.slashing.SlashingSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@code /dvc/v1/status} document and the network diagnostics behind it: one {@link
 * NodeStatus} with the sections {@code cluster}, {@code peers}, {@code beacon_nodes}, {@code
 * validators}, {@code duties} and {@code storage}, registered as the node gets to know them, and
 * the background probes that keep them fresh (beacon nodes every 5 s, peers every 3 s, validators
 * once an epoch: see {@link #VALIDATOR_PROBE_SLOT}).
 */
final class StatusWiring {
  private static final Logger LOG = LoggerFactory.getLogger(StatusWiring.class);

  /** The DVC version peers and status report. */
  static final String VERSION =
      "dvc/"
          + Optional.ofNullable(StatusWiring.class.getPackage().getImplementationVersion())
              .orElse("0.1.0-SNAPSHOT");

  /**
   * The validators' statuses change at most once an epoch, and asking for all of them is one of the
   * largest reads a node makes (20,000 validators: about 2 MB asked, 5 MB answered, per node). So
   * it is asked at start and then once an epoch, five sixths into the epoch's third slot: after
   * that slot's attestations and aggregates, away from the epoch's first slots (duty loads,
   * re-sends). Every 30 s, it fell on the attestations of every fifth slot at 12-s slots and
   * delayed them by up to 5 s at 20,000 validators (docs/benchmarks.md).
   */
  static final int VALIDATOR_PROBE_SLOT = 2;

  private final ClusterRuntime cluster;
  private final ClusterIdentity identity;
  private final LongSupplier clock;
  private final NodeStatus status;
  private final BeaconStatus beacon;
  private final PeerTracker peers;
  private final PeerMonitor monitor;

  StatusWiring(
      final ClusterRuntime cluster,
      final ClusterIdentity identity,
      final List<String> beaconUrls,
      final Supplier<Optional<String>> notReady,
      final LongSupplier clock) {
    this.cluster = cluster;
    this.identity = identity;
    this.clock = clock;
    this.status = new NodeStatus(notReady, clock);
    this.beacon = new BeaconStatus(beaconUrls, clock);
    this.peers =
        new PeerTracker(
            PeerMonitor.peers(cluster, identity.operatorNames()), identity.lockHash(), clock);
    this.monitor = new PeerMonitor(cluster, peers, VERSION, identity.lockHash(), clock);
    status.register(section("cluster", this::clusterSection));
    status.register(peers);
    status.register(beacon);
  }

  NodeStatus status() {
    return status;
  }

  PeerMonitor monitor() {
    return monitor;
  }

  /** The node's monitors' sections: liveness, clients, resources and the last alerts. */
  void monitors(final java.util.Map<String, Supplier<ObjectNode>> sections) {
    sections.forEach((name, content) -> status.register(section(name, content)));
  }

  /** Serves the document on the health server. */
  void serve(final HealthServer health) {
    health.addHandler(
        "/dvc/v1/status",
        exchange -> HealthServer.respondJson(exchange, 200, status.snapshot().toString()));
  }

  /** Every exchange with a beacon node (for the latency quantiles). */
  void beaconExchange(final String node, final long nanos) {
    beacon.exchange(node, nanos);
  }

  /** Starts probing the beacon nodes (before the node has found one: the status says why). */
  void probeBeacon(final ScheduledExecutorService timer, final BeaconClient client) {
    every(timer, 0, 5, () -> beacon.probe(client));
  }

  /** Sections known once the node runs: validators, duties and storage; peer polling. */
  void running(
      final ScheduledExecutorService timer,
      final BeaconClient client,
      final SlotClock slotClock,
      final RecentOutcomes recent,
      final Path dataDir,
      final P2PNetwork network,
      final Messaging messaging) {
    final ValidatorStatus validators =
        new ValidatorStatus(
            cluster.validators().stream()
                .map(ValidatorShare::groupPublicKey)
                .map(k -> k.toHex())
                .toList());
    status.register(validators);
    status.register(
        new DutySummary(recent::since, slotClock::currentEpoch, slotClock.slotsPerEpoch(), 2));
    status.register(new StorageStatus(dataDir, dataDir.resolve(SlashingSchema.DIRECTORY)));
    everyEpoch(timer, slotClock, () -> validators.probe(client));
    every(timer, 1, 3, () -> monitor.poll(network, messaging));
    PeerMonitor.ownAddressWarning(
            cluster,
            identity.nameOf(cluster.selfIndex()),
            PeerMonitor.OptionalTcpPort.of(
                String.valueOf(
                    network.listenAddresses().stream()
                        .findFirst()
                        .map(Object::toString)
                        .orElse(""))))
        .ifPresent(line -> LOG.warn("{}", line));
  }

  /** Now, then once an epoch at five sixths into its {@link #VALIDATOR_PROBE_SLOT}-th slot. */
  private void everyEpoch(
      final ScheduledExecutorService timer, final SlotClock slotClock, final Runnable task) {
    final Runnable guarded = guarded(task);
    timer.execute(guarded);
    final long epochMillis = slotClock.millisPerSlot() * slotClock.slotsPerEpoch();
    timer.scheduleAtFixedRate(
        guarded,
        nextEpochProbeMillis(slotClock, clock.getAsLong()) - clock.getAsLong(),
        epochMillis,
        TimeUnit.MILLISECONDS);
  }

  /** The first epoch-probe time at or after {@code nowMillis}. */
  static long nextEpochProbeMillis(final SlotClock slotClock, final long nowMillis) {
    long epoch = slotClock.currentEpoch();
    while (true) {
      final long at =
          slotClock.slotStartMillis(slotClock.firstSlotOf(epoch) + VALIDATOR_PROBE_SLOT)
              + slotClock.millisPerSlot() * 5 / 6;
      if (at >= nowMillis) {
        return at;
      }
      epoch++;
    }
  }

  private static Runnable guarded(final Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (final RuntimeException e) {
        LOG.debug("status probe failed: {}", e.toString());
      }
    };
  }

  /** A periodic probe that survives its own failures (a thrown task would never run again). */
  private static void every(
      final ScheduledExecutorService timer,
      final long initialSeconds,
      final long periodSeconds,
      final Runnable task) {
    timer.scheduleWithFixedDelay(guarded(task), initialSeconds, periodSeconds, TimeUnit.SECONDS);
  }

  private ObjectNode clusterSection() {
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", cluster.name());
    node.put("lock_hash", identity.lockHash());
    node.put("operator_index", cluster.selfIndex());
    node.put("operator_name", identity.nameOf(cluster.selfIndex()));
    node.put("peer_id", cluster.nodeKey().peerId().toBase58());
    node.put("operators", cluster.operators().size());
    node.put("threshold", cluster.threshold());
    node.put("validators", cluster.validators().size());
    node.put("version", VERSION);
    return node;
  }

  private static StatusSection section(final String name, final Supplier<ObjectNode> content) {
    return new StatusSection() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ObjectNode snapshot() {
        return content.get();
      }
    };
  }
}
