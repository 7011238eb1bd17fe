package io.dvc.app.cli;

import io.dvc.config.ClusterConfigException;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.DistributedValidator;
import io.dvc.node.NodeStartException;
import io.dvc.node.StandaloneMonitor;
import io.dvc.node.monitor.MonitorConfig;
import io.dvc.node.monitor.ResourceAssessment;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dvc monitor}: the independent liveness monitor. Needs no key, only the cluster lock (for
 * the validators' public keys) and beacon nodes, so it can run on another machine, by someone else.
 */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Watch a cluster's validators on chain without any key: attestations (source, target, head),"
          + " proposals, sync committee participation, finality and disk headroom.",
      "Serves /metrics and /dvc/v1/monitor; logs one line per alert."
    })
public final class MonitorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--lock", required = true, description = "The cluster-lock.json to watch.")
  Path lock;

  @Option(
      names = "--beacon-node-urls",
      required = true,
      split = ",",
      description = "Beacon node URLs, comma-separated.")
  List<String> beaconNodeUrls;

  @Option(
      names = "--listen",
      defaultValue = "127.0.0.1:3630",
      description = "HOST:PORT of /metrics and /dvc/v1/monitor (default ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--alert-after",
      defaultValue = "2",
      description = "Alert when a validator misses this many epochs in a row (default 2).")
  int alertAfter;

  @Option(
      names = "--sync-alert-after",
      defaultValue = "8",
      description =
          "Alert when a sync committee member's messages are missing from this many blocks in a"
              + " row (default ${DEFAULT-VALUE}).")
  int syncAlertAfter;

  @Option(
      names = "--effectiveness-threshold",
      defaultValue = "0.9",
      description =
          "Alert when less than this share of attestations has correct source and target"
              + " (default 0.9).")
  double effectivenessThreshold;

  @Option(
      names = "--finality-stall-epochs",
      defaultValue = "4",
      description = "Finality is stalled beyond this many epochs since finalized (default 4).")
  int finalityStallEpochs;

  @Option(
      names = "--watch-path",
      paramLabel = "NAME=PATH",
      description = "A directory whose disk headroom to watch, e.g. beacon=/var/lib/lighthouse.")
  List<String> watchPaths = new ArrayList<>();

  @Option(
      names = "--beacon-timeout-ms",
      defaultValue = "4000",
      description = "Timeout of one beacon-node request (default ${DEFAULT-VALUE}).")
  long beaconTimeoutMillis;

  @Override
  public Integer call() throws Exception {
    final PrintWriter err = spec.commandLine().getErr();
    final StandaloneMonitor.Settings settings;
    try {
      settings = settings();
    } catch (final IllegalArgumentException | ClusterConfigException e) {
      err.println("dvc monitor: " + io.dvc.common.text.SafeText.escape(e.getMessage()));
      err.flush();
      return 2;
    }
    final StandaloneMonitor monitor = new StandaloneMonitor();
    final CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  monitor.close();
                  stopped.countDown();
                }));
    try {
      monitor.start(settings);
    } catch (final NodeStartException e) {
      err.println("dvc monitor: " + e.getMessage());
      err.flush();
      monitor.close();
      return 1;
    }
    stopped.await();
    return 0;
  }

  StandaloneMonitor.Settings settings() {
    final ClusterLock clusterLock = ClusterFiles.loadLock(lock).lock();
    for (final String url : beaconNodeUrls) {
      final URI uri;
      try {
        uri = URI.create(url);
      } catch (final IllegalArgumentException e) {
        throw new IllegalArgumentException("--beacon-node-urls: " + url + " is not a URL");
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("--beacon-node-urls: " + url + " is not http(s)");
      }
    }
    final Map<String, Path> paths = new LinkedHashMap<>();
    for (final String entry : watchPaths) {
      final int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException("--watch-path " + entry + " is not NAME=PATH");
      }
      final Path path = Path.of(entry.substring(eq + 1));
      if (!Files.isDirectory(path)) {
        throw new IllegalArgumentException("--watch-path " + entry + ": not a directory");
      }
      paths.put(entry.substring(0, eq), path);
    }
    return new StandaloneMonitor.Settings(
        clusterLock.validators().stream().map(DistributedValidator::distributedPublicKey).toList(),
        clusterLock.definition().network().genesisForkVersion().toArray(),
        beaconNodeUrls,
        Duration.ofMillis(beaconTimeoutMillis),
        address(listen),
        new MonitorConfig(alertAfter, effectivenessThreshold, syncAlertAfter),
        ResourceAssessment.defaults().withStallEpochs(finalityStallEpochs),
        paths);
  }

  static InetSocketAddress address(final String hostPort) {
    final int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--listen " + hostPort + " is not HOST:PORT");
    }
    try {
      final int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(hostPort.substring(0, colon), port);
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException("--listen " + hostPort + ": bad port");
    }
  }
}
