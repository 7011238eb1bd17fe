package io.dvc.node.cli;

import io.dvc.config.operator.OperatorBundle;
import io.dvc.config.operator.OperatorDirectoryLoader;
import io.dvc.node.CoordinatorNode;
import io.dvc.node.NodeOptions;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.ClusterRuntimes;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dvc run}: one operator node from a directory written by {@code dvc create-cluster}. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run one operator node from its directory (written by dvc create-cluster).")
public final class RunCommand implements Callable<Integer> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunCommand.class);

  @Option(
      names = "--data-dir",
      required = true,
      defaultValue = "${env:DVC_DATA_DIR}",
      description = "Operator directory: cluster-lock.json, identity key, share keystores.")
  Path dataDir;

  @Option(
      names = "--beacon-node-urls",
      required = true,
      split = ",",
      defaultValue = "${env:DVC_BEACON_NODE_URLS}",
      description = "Beacon node URLs, comma-separated (reads: first good answer; writes: all).")
  List<String> beaconNodeUrls;

  @Option(
      names = "--p2p-listen",
      defaultValue = "${env:DVC_P2P_LISTEN}",
      description = "libp2p listen multiaddr (default: this operator's address in the lock).")
  String p2pListen;

  @Option(
      names = "--health-address",
      defaultValue = "${env:DVC_HEALTH_ADDRESS:-127.0.0.1:0}",
      description = "host:port of /metrics, /livez and /readyz (port 0 picks one; 'off' disables).")
  String healthAddress;

  @Option(
      names = "--log-format",
      defaultValue = "${env:DVC_LOG_FORMAT:-text}",
      description = "text or json (read at start-up by the launcher).")
  String logFormat;

  @Option(
      names = "--beacon-timeout-ms",
      defaultValue = "4000",
      description = "Timeout of one beacon-node request.")
  long beaconTimeoutMillis;

  @Override
  public Integer call() throws Exception {
    final long loadStart = System.nanoTime();
    final OperatorBundle bundle = OperatorDirectoryLoader.load(dataDir);
    LOG.info(
        "loaded operator directory {} in {} ms (JVM up {} ms)",
        dataDir,
        (System.nanoTime() - loadStart) / 1_000_000,
        java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    bundle.warnings().forEach(w -> System.err.println("warning: " + w));
    final ClusterRuntime cluster = ClusterRuntimes.fromBundle(bundle);
    final Multiaddr listen =
        p2pListen != null && !p2pListen.isBlank()
            ? Multiaddr.fromString(p2pListen)
            : cluster
                .operatorsByIndex()
                .get(cluster.selfIndex())
                .address()
                .orElse(Multiaddr.fromString("/ip4/127.0.0.1/tcp/0"));
    final NodeOptions options =
        new NodeOptions(
            dataDir,
            beaconNodeUrls,
            listen,
            parseHealth(healthAddress),
            Duration.ofMillis(beaconTimeoutMillis));
    final CoordinatorNode node = new CoordinatorNode(cluster, options);
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
    node.healthPort().ifPresent(port -> System.out.println("health and metrics on port " + port));
    stopped.await();
    return 0;
  }

  private static Optional<InetSocketAddress> parseHealth(final String text) {
    if (text == null || text.isBlank() || text.equals("off")) {
      return Optional.empty();
    }
    final int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--health-address must be host:port, got " + text);
    }
    return Optional.of(
        new InetSocketAddress(
            text.substring(0, colon), Integer.parseInt(text.substring(colon + 1))));
  }
}
