package io.dvc.app.cli;

import io.dvc.config.node.NodeConfig;
import io.dvc.config.node.NodeConfigLoader;
import io.dvc.config.operator.OperatorBundle;
import io.dvc.config.operator.OperatorDirectoryLoader;
import io.dvc.node.CoordinatorNode;
import io.dvc.node.NodeOptions;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.ClusterRuntimes;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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

  @Option(names = "--log-format", description = "text or json (default text).")
  String logFormat;

  @Option(
      names = "--beacon-timeout-ms",
      defaultValue = "4000",
      description = "Timeout of one beacon-node request (default ${DEFAULT-VALUE}).")
  long beaconTimeoutMillis;

  @Override
  public Integer call() throws Exception {
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
            builder);
    final CoordinatorNode node =
        new CoordinatorNode(cluster, ClusterRuntimes.identity(bundle), options);
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
