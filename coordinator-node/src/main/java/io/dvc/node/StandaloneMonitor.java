package io.dvc.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.bls.BlsPublicKey;
import io.dvc.common.async.ScheduledAsyncRunner;
import io.dvc.common.bytes.Hex;
import io.dvc.common.time.SlotClock;
import io.dvc.common.time.TimeProvider;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.BeaconClients;
import io.dvc.node.beacon.HttpBeaconNode;
import io.dvc.node.beacon.api.Genesis;
import io.dvc.node.beacon.api.GetGenesis;
import io.dvc.node.beacon.api.GetSpec;
import io.dvc.node.beacon.api.PostStateValidators;
import io.dvc.node.beacon.api.ValidatorInfo;
import io.dvc.node.metrics.HealthServer;
import io.dvc.node.monitor.AlertLog;
import io.dvc.node.monitor.ChainMonitor;
import io.dvc.node.monitor.LivenessTracker;
import io.dvc.node.monitor.MonitorConfig;
import io.dvc.node.monitor.MonitorMetrics;
import io.dvc.node.monitor.Observability;
import io.dvc.node.monitor.ResourceAssessment;
import io.dvc.node.monitor.ResourceMonitor;
import io.dvc.spec.signing.ForkSchedule;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dvc monitor}: the liveness monitor on its own, with no key — a cluster lock's validator
 * public keys and beacon nodes are all it needs, so anyone can run it on another machine. Serves
 * {@code /metrics}, {@code /livez}, {@code /readyz} and {@code /dvc/v1/monitor}.
 */
public final class StandaloneMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.dvc.node.monitor");

  private final ScheduledAsyncRunner io = new ScheduledAsyncRunner("dvc-monitor-io", 1);
  private final ExecutorService httpExecutor =
      Executors.newFixedThreadPool(2, CoordinatorNode.daemon("dvc-monitor-http"));
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private volatile Optional<String> notReady = Optional.of("starting");
  private volatile Optional<Observability> observability = Optional.empty();
  private HealthServer server;

  /** What to monitor and how. */
  public record Settings(
      List<BlsPublicKey> validators,
      byte[] forkVersion,
      List<String> beaconNodeUrls,
      Duration beaconTimeout,
      InetSocketAddress listen,
      MonitorConfig liveness,
      ResourceAssessment resources,
      Map<String, Path> watchPaths) {
    public Settings {
      validators = List.copyOf(validators);
      beaconNodeUrls = List.copyOf(beaconNodeUrls);
      watchPaths = Map.copyOf(watchPaths);
      forkVersion = forkVersion.clone();
    }
  }

  /** Listens at once; then waits for a beacon node, resolves the validators and starts. */
  public void start(final Settings settings) throws IOException {
    server = new HealthServer(settings.listen(), registry, () -> notReady);
    server.addHandler(
        "/dvc/v1/monitor",
        exchange -> {
          if (observability.isEmpty()) {
            HealthServer.respondJson(exchange, 503, "{\"message\":\"monitor not started\"}");
          } else {
            HealthServer.respondJson(exchange, 200, observability.get().toJson().toString());
          }
        });
    server.start();
    closeables.add(server);
    final BeaconClient beacon =
        BeaconClients.http(
            settings.beaconNodeUrls(),
            settings.beaconTimeout(),
            HttpBeaconNode.LatencyListener.NONE,
            httpExecutor,
            io);
    notReady = Optional.of("waiting for a beacon node");
    final JsonNode spec = waitForBeaconNode(beacon, settings.beaconNodeUrls());
    final Genesis genesis = beacon.call(new GetGenesis()).join();
    checkNetwork(settings.forkVersion(), spec, genesis);
    final ForkSchedule schedule =
        ForkSchedule.fromBeaconApi(spec, NetworkCheck.genesisJson(genesis));
    final SlotClock clock = schedule.slotClock(TimeProvider.SYSTEM);
    final List<Long> indices = resolve(beacon, settings.validators());
    final MonitorMetrics metrics = new MonitorMetrics(registry);
    final AlertLog alerts = new AlertLog(LOG, metrics::alert);
    final ChainMonitor chain =
        new ChainMonitor(
            beacon,
            indices,
            schedule.slotsPerEpoch(),
            new LivenessTracker(settings.liveness(), indices),
            metrics,
            Optional.empty(),
            alerts,
            LOG);
    final ResourceMonitor resources =
        new ResourceMonitor(
            settings.watchPaths(),
            beacon,
            TimeProvider.SYSTEM,
            settings.resources(),
            registry,
            alerts,
            LOG);
    final Observability monitors =
        new Observability(
            clock,
            TimeProvider.SYSTEM,
            chain,
            Optional.of(resources),
            Optional.empty(),
            alerts,
            LOG);
    closeables.add(monitors);
    observability = Optional.of(monitors.start());
    notReady = Optional.empty();
    LOG.info(
        "monitoring {} of the lock's {} validators on {} ({} slots per epoch, {} s per slot)",
        indices.size(),
        settings.validators().size(),
        settings.beaconNodeUrls(),
        schedule.slotsPerEpoch(),
        schedule.secondsPerSlot());
  }

  public int port() {
    return server.port();
  }

  public Optional<Observability> observability() {
    return observability;
  }

  private static void checkNetwork(
      final byte[] forkVersion, final JsonNode spec, final Genesis genesis) {
    final JsonNode fromSpec = spec.get("GENESIS_FORK_VERSION");
    final boolean matches =
        Arrays.equals(forkVersion, genesis.genesisForkVersion().toArray())
            || (fromSpec != null && Hex.encode(forkVersion).equalsIgnoreCase(fromSpec.asText()));
    if (!matches) {
      throw new NodeStartException(
          "beacon node is on another network: its genesis fork version is "
              + genesis.genesisForkVersion().toHex()
              + " but the cluster lock says "
              + Hex.encode(forkVersion));
    }
  }

  private static List<Long> resolve(final BeaconClient beacon, final List<BlsPublicKey> keys) {
    final List<String> ids = keys.stream().map(BlsPublicKey::toHex).toList();
    final List<ValidatorInfo> known = PostStateValidators.fetch(beacon, ids).join();
    if (known.size() < keys.size()) {
      LOG.warn(
          "{} of the lock's {} validators are unknown to the beacon node (not deposited yet?)",
          keys.size() - known.size(),
          keys.size());
    }
    return known.stream().map(ValidatorInfo::index).sorted().toList();
  }

  private JsonNode waitForBeaconNode(final BeaconClient beacon, final List<String> urls) {
    for (int attempt = 0; ; attempt++) {
      try {
        return beacon.call(new GetSpec()).join();
      } catch (final CompletionException e) {
        if (attempt % 10 == 0) {
          LOG.warn(
              "waiting for a beacon node at {}: {}",
              urls,
              e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        }
        try {
          Thread.sleep(1000);
        } catch (final InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new NodeStartException("interrupted while waiting for a beacon node");
        }
      }
    }
  }

  @Override
  public void close() {
    notReady = Optional.of("stopping");
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (final Exception e) {
        LOG.debug("close failed: {}", e.toString());
      }
    }
    io.close();
    httpExecutor.shutdownNow();
  }
}
