package io.dvc.consensus.bench;

import io.dvc.consensus.InstanceId;
import io.dvc.consensus.RoundTimerPolicy;
import io.dvc.consensus.Value;
import io.dvc.consensus.ValueHasher;
import io.dvc.consensus.message.QbftMessage;
import io.dvc.consensus.qbft.Effects;
import io.dvc.consensus.qbft.Outbound;
import io.dvc.consensus.qbft.QbftConfig;
import io.dvc.consensus.qbft.QbftInstance;
import io.dvc.consensus.testing.Cluster;
import io.dvc.consensus.testing.TestKeys;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of the QBFT state machine alone: one op = a whole cluster of n instances reaching a
 * decision in round 1 (every instance handles every message), messages passed in memory, cheap fake
 * signatures, so the figure is the protocol logic and canonical encoding for signing, not crypto or
 * I/O. Run: {@code ./bench consensus QbftDecisionBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QbftDecisionBenchmark {
  @Param({"4", "7", "10", "13"})
  public int n;

  private QbftConfig[] configs;
  private final Value value = Value.of(new byte[128], ValueHasher.SHA256);
  private long height;

  private record Envelope(int to, QbftMessage message) {}

  @Setup
  public void setup() {
    final TestKeys keys = TestKeys.fake(n, 3);
    final List<Integer> members = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      members.add(i);
    }
    configs = new QbftConfig[n + 1];
    for (int i = 1; i <= n; i++) {
      configs[i] =
          QbftConfig.builder(members, i, keys.signer(i), keys.verifier())
              .leaderElection(Cluster.ROUND_ROBIN)
              .timerPolicy(RoundTimerPolicy.fixed(1_000))
              .build();
    }
  }

  @Benchmark
  public int clusterDecision() {
    final InstanceId id = new InstanceId(height++, 0);
    final QbftInstance[] nodes = new QbftInstance[n + 1];
    final ArrayDeque<Envelope> queue = new ArrayDeque<>();
    for (int i = 1; i <= n; i++) {
      nodes[i] = new QbftInstance(configs[i], id, 0);
    }
    int decided = 0;
    for (int i = 1; i <= n; i++) {
      decided += route(i, nodes[i].start(0, value), queue);
    }
    while (!queue.isEmpty()) {
      final Envelope e = queue.poll();
      decided += route(e.to(), nodes[e.to()].onMessage(e.message()), queue);
    }
    if (decided != n) {
      throw new IllegalStateException("only " + decided + " of " + n + " decided");
    }
    return decided;
  }

  private int route(final int from, final Effects effects, final ArrayDeque<Envelope> queue) {
    for (Outbound o : effects.messages()) {
      if (o.isBroadcast()) {
        for (int to = 1; to <= n; to++) {
          if (to != from) {
            queue.add(new Envelope(to, o.message()));
          }
        }
      } else {
        queue.add(new Envelope(o.recipient(), o.message()));
      }
    }
    return effects.decision().isPresent() ? 1 : 0;
  }
}
