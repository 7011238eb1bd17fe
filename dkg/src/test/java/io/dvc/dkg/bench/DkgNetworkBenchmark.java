package io.dvc.dkg.bench;

import io.dvc.common.net.LoopbackPorts;
import io.dvc.config.Network;
import io.dvc.config.WithdrawalType;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.Operator;
import io.dvc.dkg.DkgOutcome;
import io.dvc.dkg.DkgSettings;
import io.dvc.dkg.net.DkgNetworkRunner;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.spec.ssz.Bytes;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * DKG time and bytes at the network level: for every (n, validators) combination, n operators each
 * run {@link DkgNetworkRunner} with its own libp2p host on 127.0.0.1 (its own TCP port, Noise,
 * yamux, the connection gate), all in this JVM, started together. Reports the wall time until the
 * last operator has its outcome (connection set-up included; keystore writing not: that is the
 * KDF's cost, not the DKG's), the process CPU time divided by n, the payload bytes each operator
 * sent (mean and max; Noise and yamux framing add 18 bytes per 64 KiB Noise frame and 12 per yamux
 * frame on top), and the 1-minute load average before and after the run (the machine is shared).
 *
 * <pre>
 * java -cp CLASSPATH io.dvc.dkg.bench.DkgNetworkBenchmark [--operators 4,7]
 *     [--validators 1,100,1000] [--repeats 1]
 * </pre>
 */
public final class DkgNetworkBenchmark {
  /** Ports of one test run, never the same twice. */
  private static final LoopbackPorts PORTS = new LoopbackPorts();

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private DkgNetworkBenchmark() {}

  public static void main(final String[] args) throws Exception {
    List<Integer> operators = List.of(4, 7);
    List<Integer> validators = List.of(1, 100, 1000);
    int repeats = 1;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--operators" -> operators = ints(args[i + 1]);
        case "--validators" -> validators = ints(args[i + 1]);
        case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    run(4, 10); // warm-up: JIT, native loading, Netty
    System.out.println(
        "| n | t | validators | run | wall, whole ceremony (s) | process CPU / n (s)"
            + " | payload bytes sent per operator, mean / max | load avg before / after |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---|");
    for (final int n : operators) {
      for (final int v : validators) {
        for (int r = 1; r <= repeats; r++) {
          final double loadBefore = OS.getSystemLoadAverage();
          final Measurement m = run(n, v);
          System.out.printf(
              Locale.ROOT,
              "| %d | %d | %,d | %d | %.1f | %.2f | %,d / %,d | %.1f / %.1f |%n",
              n,
              ClusterDefinition.defaultThreshold(n),
              v,
              r,
              m.wallSeconds(),
              m.cpuSeconds() / n,
              m.meanBytes(),
              m.maxBytes(),
              loadBefore,
              OS.getSystemLoadAverage());
        }
      }
    }
  }

  private record Measurement(
      double wallSeconds, double cpuSeconds, long meanBytes, long maxBytes) {}

  private static Measurement run(final int n, final int v) throws Exception {
    final SecureRandom random = new SecureRandom();
    final List<NodeKey> keys = new ArrayList<>();
    final List<Operator> ops = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      final NodeKey key = NodeKey.generate(random);
      keys.add(key);
      ops.add(
          new Operator(
              "op-" + i,
              key.peerId(),
              List.of(Multiaddr.fromString("/ip4/127.0.0.1/tcp/" + freePort()))));
    }
    final ClusterDefinition definition =
        new ClusterDefinition(
            ClusterDefinition.VERSION,
            "dkg-bench",
            Network.custom("0x10000038"),
            ops,
            ClusterDefinition.defaultThreshold(n),
            v,
            Bytes.fromHex("0x" + "ab".repeat(20)),
            WithdrawalType.ETH1_ADDRESS,
            Bytes.fromHex("0x" + "cd".repeat(20)),
            32_000_000_000L);
    // generous: n operators share this JVM and a loaded 2-core machine
    final Duration phase = Duration.ofSeconds(600).plusMillis(50L * v * n);
    final ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      final long cpuStart = OS.getProcessCpuTime();
      final long start = System.nanoTime();
      final List<Future<DkgNetworkRunner.Result>> runs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        final DkgSettings settings =
            new DkgSettings(definition, keys.get(i), Duration.ofSeconds(120), phase);
        final Multiaddr listen = ops.get(i).addresses().get(0);
        runs.add(pool.submit(() -> DkgNetworkRunner.run(settings, listen, random)));
      }
      long total = 0;
      long max = 0;
      for (final Future<DkgNetworkRunner.Result> f : runs) {
        final DkgNetworkRunner.Result result = f.get();
        if (!(result.outcome() instanceof DkgOutcome.Completed c)) {
          throw new IllegalStateException("ceremony did not complete: " + result.outcome());
        }
        c.destroy();
        total += result.bytesSent();
        max = Math.max(max, result.bytesSent());
      }
      // includes each runner's drain (it returns once its last messages left) and host stop
      final double wall = (System.nanoTime() - start) / 1e9;
      final double cpu = (OS.getProcessCpuTime() - cpuStart) / 1e9;
      return new Measurement(wall, cpu, total / n, max);
    } finally {
      pool.shutdownNow();
      keys.forEach(NodeKey::destroy);
    }
  }

  private static int freePort() {
    return PORTS.next();
  }

  private static List<Integer> ints(final String text) {
    final List<Integer> out = new ArrayList<>();
    for (final String s : text.split(",")) {
      out.add(Integer.parseInt(s.trim()));
    }
    return out;
  }
}
