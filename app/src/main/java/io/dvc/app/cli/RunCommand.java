package io.dvc.app.cli;

import io.dvc.config.node.NodeConfig;
import io.dvc.config.node.NodeConfigLoader;
import io.dvc.config.operator.OperatorBundle;
import io.dvc.config.operator.OperatorDirectoryLoader;
import io.dvc.node.CoordinatorNode;
import io.dvc.node.NodeOptions;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.ClusterRuntimes;
import io.dvc.node.fault.TestFault;
import io.dvc.node.monitor.MonitorConfig;
import io.dvc.node.monitor.MonitorOptions;
import io.dvc.node.monitor.ResourceAssessment;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dvc run}: one operator node from a directory written by {@code dvc create-cluster}.
 * Settings come from {@code --config FILE}, {@code DVC_*} environment variables and flags, later
 * ones winning, all validated before anything starts.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run one operator node from its directory (written by dvc create-cluster).")
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(names = "--config", description = "Configuration file (.json object or properties).")
  Path config;

  @Option(
      names = "--data-dir",
      description =
          "Data directory (slashing-protection database); also the operator directory"
              + " unless --operator-dir is given.")
  String dataDir;

  @Option(
      names = "--operator-dir",
      description = "Operator directory: cluster-lock.json, identity key, share keystores.")
  String operatorDir;

  @Option(
      names = "--beacon-node-urls",
      description = "Beacon node URLs, comma-separated (reads: first good answer; writes: all).")
  String beaconNodeUrls;

  @Option(
      names = "--p2p-listen-addresses",
      description = "libp2p listen multiaddrs, comma-separated (default /ip4/0.0.0.0/tcp/3610).")
  String p2pListenAddresses;

  @Option(
      names = "--p2p-external-addresses",
      description = "Addresses peers should dial, comma-separated.")
  String p2pExternalAddresses;

  @Option(names = "--health-port", description = "Port of /livez, /readyz, /metrics (3621).")
  String healthPort;

  @Option(names = "--metrics-port", description = "Port of /metrics (default 3620).")
  String metricsPort;

  @Option(
      names = "--builder",
      description =
          "Propose blinded blocks from a builder when they are worth more (builder_boost_factor"
              + " 100; default off: local payloads only). Use the same setting on every node.")
  boolean builder;

  @Option(
      names = "--graffiti",
      description =
          "Graffiti of proposed blocks, at most 32 bytes of UTF-8 (default ${DEFAULT-VALUE}).")
  String graffiti = "dvc";

  @Option(
      names = "--gas-limit",
      defaultValue = "36000000",
      description =
          "Gas limit of the builder registrations (default ${DEFAULT-VALUE}); the same on every"
              + " node.")
  long gasLimit;

  @Option(
      names = "--doppelganger-protection",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Hold validators without slashing-protection history until two epochs show them not"
              + " live, or this cluster signs for them (default on; --no-doppelganger-protection"
              + " for validators that cannot be live elsewhere, e.g. a new chain).")
  boolean doppelgangerProtection;

  @Option(
      names = "--exits-allowed",
      arity = "1",
      defaultValue = "true",
      description = "Sign voluntary exits that an operator of the cluster asks for (true|false).")
  boolean exitsAllowed;

  @Option(
      names = "--exit-max-future-epochs",
      defaultValue = "0",
      description =
          "How far past the current epoch a requested exit epoch may lie (default"
              + " ${DEFAULT-VALUE}).")
  long exitMaxFutureEpochs;

  @Option(names = "--log-format", description = "text or json (default text).")
  String logFormat;

  @Option(
      names = "--beacon-timeout-ms",
      defaultValue = "4000",
      description = "Timeout of one beacon-node request (default ${DEFAULT-VALUE}).")
  long beaconTimeoutMillis;

  @Option(
      names = "--execution-client",
      description =
          "This operator's execution client and version, e.g. geth/v1.14.11, shared with the"
              + " cluster for the client-diversity view (no standard Beacon API reports it).")
  String executionClient;

  @Option(
      names = "--watch-path",
      paramLabel = "NAME=PATH",
      description =
          "Another directory whose disk headroom to watch, e.g. beacon=/var/lib/lighthouse"
              + " (repeatable; the data directory is always watched).")
  List<String> watchPaths = new ArrayList<>();

  @Option(
      names = "--monitor-alert-after",
      defaultValue = "2",
      description =
          "Liveness monitor: alert when a validator misses this many epochs in a row (default"
              + " ${DEFAULT-VALUE}).")
  int monitorAlertAfter;

  @Option(
      names = "--monitor-sync-alert-after",
      defaultValue = "8",
      description =
          "Liveness monitor: alert when a sync committee member's messages are missing from this"
              + " many blocks in a row (default ${DEFAULT-VALUE}).")
  int monitorSyncAlertAfter;

  @Option(
      names = "--monitor-effectiveness-threshold",
      defaultValue = "0.9",
      description =
          "Liveness monitor: alert below this share of correct attestations (default"
              + " ${DEFAULT-VALUE}).")
  double monitorEffectivenessThreshold;

  /**
   * Hidden: where to dial an operator instead of its lock address, {@code INDEX=MULTIADDR}
   * (repeatable). The chaos harness of {@code dvc testnet} routes each link through its own proxy.
   */
  @Option(names = "--p2p-peer-address", hidden = true)
  List<String> peerAddresses = new ArrayList<>();

  /**
   * Hidden, test clusters only: misbehave on purpose ({@code equivocating-leader} or {@code
   * wrong-partials}) to test the other nodes. Refused for a cluster made for a public network.
   */
  @Option(names = "--test-fault", hidden = true)
  String testFault;

  /**
   * Hidden, test clusters only: run this node's clock this many milliseconds ahead (negative:
   * behind) of the system clock. Refused for a cluster made for a public network.
   */
  @Option(names = "--test-clock-offset-ms", hidden = true)
  long testClockOffsetMillis;

  @Override
  public Integer call() throws Exception {
    if (gasLimit <= 0 || exitMaxFutureEpochs < 0) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this),
          gasLimit <= 0
              ? "--gas-limit must be positive"
              : "--exit-max-future-epochs must not be negative");
    }
    final MonitorOptions monitorOptions = monitorOptions();
    final NodeConfig nodeConfig =
        NodeConfigLoader.load(Optional.ofNullable(config), System.getenv(), flags());
    final long loadStart = System.nanoTime();
    final OperatorBundle bundle = OperatorDirectoryLoader.load(nodeConfig.operatorDir());
    LOG.info(
        "loaded operator directory {} in {} ms",
        nodeConfig.operatorDir(),
        (System.nanoTime() - loadStart) / 1_000_000);
    bundle.warnings().forEach(warning -> LOG.warn("{}", warning));
    final ClusterRuntime cluster = ClusterRuntimes.fromBundle(bundle);
    final NodeOptions options =
        new NodeOptions(
            nodeConfig.dataDir(),
            nodeConfig.beaconNodeUrls().stream().map(Object::toString).toList(),
            nodeConfig.p2pListenAddresses().get(0),
            Optional.of(new InetSocketAddress("127.0.0.1", nodeConfig.healthPort())),
            nodeConfig.metricsPort() == nodeConfig.healthPort()
                ? Optional.empty()
                : Optional.of(new InetSocketAddress("127.0.0.1", nodeConfig.metricsPort())),
            Duration.ofMillis(beaconTimeoutMillis),
            graffiti,
            builder,
            gasLimit,
            doppelgangerProtection,
            exitsAllowed,
            exitMaxFutureEpochs,
            parsePeerAddresses(peerAddresses),
            Optional.ofNullable(testFault).map(TestFault::parse),
            testClockOffsetMillis);
    final CoordinatorNode node =
        new CoordinatorNode(cluster, ClusterRuntimes.identity(bundle), options, monitorOptions);
    final CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                }));
    node.start();
    LOG.info(
        "node ready (JVM up {} ms)",
        java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    stopped.await();
    return 0;
  }

  static Map<Integer, Multiaddr> parsePeerAddresses(final List<String> entries) {
    final Map<Integer, Multiaddr> result = new LinkedHashMap<>();
    for (final String entry : entries) {
      final int eq = entry.indexOf('=');
      try {
        result.put(
            Integer.parseInt(entry.substring(0, Math.max(0, eq))),
            Multiaddr.fromString(entry.substring(eq + 1)));
      } catch (final RuntimeException e) {
        throw new IllegalArgumentException(
            "--p2p-peer-address: '" + entry + "' is not INDEX=MULTIADDR: " + e.getMessage());
      }
    }
    return result;
  }

  private MonitorOptions monitorOptions() {
    final Map<String, Path> paths = new LinkedHashMap<>();
    for (final String entry : watchPaths) {
      final int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1 || "data".equals(entry.substring(0, eq))) {
        throw new IllegalArgumentException(
            "--watch-path " + entry + " is not NAME=PATH (NAME other than data)");
      }
      paths.put(entry.substring(0, eq), Path.of(entry.substring(eq + 1)));
    }
    if (executionClient != null && (executionClient.isBlank() || executionClient.length() > 100)) {
      throw new IllegalArgumentException("--execution-client must have 1..100 characters");
    }
    return new MonitorOptions(
        new MonitorConfig(monitorAlertAfter, monitorEffectivenessThreshold, monitorSyncAlertAfter),
        ResourceAssessment.defaults(),
        Optional.ofNullable(executionClient),
        paths);
  }

  private Map<String, String> flags() {
    final Map<String, String> flags = new LinkedHashMap<>();
    put(flags, NodeConfigLoader.DATA_DIR, dataDir);
    put(flags, NodeConfigLoader.OPERATOR_DIR, operatorDir);
    put(flags, NodeConfigLoader.BEACON_NODE_URLS, beaconNodeUrls);
    put(flags, NodeConfigLoader.P2P_LISTEN_ADDRESSES, p2pListenAddresses);
    put(flags, NodeConfigLoader.P2P_EXTERNAL_ADDRESSES, p2pExternalAddresses);
    put(flags, NodeConfigLoader.HEALTH_PORT, healthPort);
    put(flags, NodeConfigLoader.METRICS_PORT, metricsPort);
    put(flags, NodeConfigLoader.LOG_FORMAT, logFormat);
    return flags;
  }

  private static void put(final Map<String, String> flags, final String key, final String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }
}
