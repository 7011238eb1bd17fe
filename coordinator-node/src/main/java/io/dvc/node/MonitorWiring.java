package io.dvc.node;

import io.dvc.common.time.SlotClock;
import io.dvc.common.time.TimeProvider;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.metrics.NodeMetrics;
import io.dvc.node.monitor.AlertLog;
import io.dvc.node.monitor.ChainMonitor;
import io.dvc.node.monitor.ClientVersion;
import io.dvc.node.monitor.DiversityMonitor;
import io.dvc.node.monitor.LivenessTracker;
import io.dvc.node.monitor.MonitorMetrics;
import io.dvc.node.monitor.MonitorOptions;
import io.dvc.node.monitor.Observability;
import io.dvc.node.monitor.ResourceMonitor;
import io.dvc.node.monitor.SubmissionLog;
import io.dvc.node.pipeline.NodeEnvironment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's own monitors: the liveness monitor over the cluster's validators (comparing the chain
 * with what this node submitted), resource headroom of the data directory (and configured paths),
 * and the client-diversity exchange with the peers. Built once the beacon node and the p2p
 * messaging exist; run by {@link Observability} on a thread of its own.
 */
final class MonitorWiring {
  static final String DVC_VERSION =
      Optional.ofNullable(MonitorWiring.class.getPackage().getImplementationVersion())
          .orElse("0.1.0-SNAPSHOT");

  private MonitorWiring() {}

  static Observability create(
      final ClusterRuntime cluster,
      final NodeOptions options,
      final MonitorOptions monitorOptions,
      final List<Long> validatorIndices,
      final SlotClock clock,
      final TimeProvider time,
      final BeaconClient beacon,
      final NodeEnvironment.PeerMessaging messaging,
      final NodeMetrics metrics,
      final SubmissionLog submissions) {
    final Logger log = LoggerFactory.getLogger("io.dvc.node.monitor");
    final MonitorMetrics monitorMetrics = new MonitorMetrics(metrics.registry());
    final AlertLog alerts = new AlertLog(log, monitorMetrics::alert);
    final ChainMonitor chain =
        new ChainMonitor(
            beacon,
            validatorIndices,
            clock.slotsPerEpoch(),
            new LivenessTracker(monitorOptions.liveness(), validatorIndices),
            monitorMetrics,
            Optional.of(submissions),
            alerts,
            log);
    final Map<String, Path> paths = new LinkedHashMap<>();
    paths.put("data", options.dataDir());
    paths.putAll(monitorOptions.watchPaths());
    final ResourceMonitor resources =
        new ResourceMonitor(
            paths, beacon, time, monitorOptions.resources(), metrics.registry(), alerts, log);
    final DiversityMonitor diversity =
        new DiversityMonitor(
            cluster.selfIndex(),
            cluster.nodeKey(),
            cluster.operators(),
            messaging,
            beacon,
            monitorOptions.executionClient().map(ClientVersion::parse),
            DVC_VERSION,
            time,
            metrics.registry(),
            alerts,
            log);
    return new Observability(
        clock, time, chain, Optional.of(resources), Optional.of(diversity), alerts, log);
  }
}
