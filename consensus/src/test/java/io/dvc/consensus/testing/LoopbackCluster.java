package io.dvc.consensus.testing;

import io.dvc.common.time.FakeTimeProvider;
import io.dvc.consensus.RoundTimerPolicy;
import io.dvc.consensus.ValueHasher;
import io.dvc.consensus.driver.DriverLimits;
import io.dvc.consensus.driver.QbftEventLoop;
import io.dvc.consensus.driver.QbftListener;
import io.dvc.consensus.message.WireCodec;
import io.dvc.consensus.message.WireLimits;
import io.dvc.consensus.qbft.Decision;
import io.dvc.consensus.qbft.QbftConfig;
import io.dvc.consensus.qbft.Rejection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * n {@link QbftEventLoop}s wired through an in-memory queue of encoded messages with one fake
 * clock; {@link #flush()} delivers until quiet, {@link #advanceTo(long)} moves time and fires
 * timers.
 */
public final class LoopbackCluster {
  private record InFlight(int from, int to, byte[] bytes) {}

  private final FakeTimeProvider clock = new FakeTimeProvider(0);
  private final QbftEventLoop[] loops;
  private final ArrayDeque<InFlight> queue = new ArrayDeque<>();
  private final Set<Integer> down = new HashSet<>();
  private final List<List<Decision>> decisions = new ArrayList<>();
  private final List<List<Rejection>> drops = new ArrayList<>();
  private long messages;
  private long bytes;

  public LoopbackCluster(final int n, final TestKeys keys, final DriverLimits limits) {
    this(n, keys, limits, false);
  }

  /**
   * @param seesCrashes whether each driver knows a crashed operator to be unreachable (as a node
   *     knows which peers it holds a connection to)
   */
  public LoopbackCluster(
      final int n, final TestKeys keys, final DriverLimits limits, final boolean seesCrashes) {
    loops = new QbftEventLoop[n + 1];
    final List<Integer> members = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      members.add(i);
    }
    decisions.add(List.of());
    drops.add(List.of());
    final WireCodec codec = new WireCodec(WireLimits.DEFAULT, ValueHasher.SHA256);
    for (int i = 1; i <= n; i++) {
      final int self = i;
      final List<Decision> decided = new ArrayList<>();
      final List<Rejection> dropped = new ArrayList<>();
      decisions.add(decided);
      drops.add(dropped);
      final QbftConfig config =
          QbftConfig.builder(members, i, keys.signer(i), keys.verifier())
              .leaderElection(Cluster.ROUND_ROBIN)
              .timerPolicy(RoundTimerPolicy.fixed(Cluster.T))
              .build();
      loops[i] =
          new QbftEventLoop(
              config,
              codec,
              (to, message, encoded) -> {
                messages++;
                bytes += encoded.length;
                queue.add(new InFlight(self, to, encoded));
              },
              clock,
              at -> {},
              new QbftListener() {
                @Override
                public void onDecided(final Decision decision) {
                  decided.add(decision);
                }

                @Override
                public void onDropped(final int from, final Rejection rejection) {
                  dropped.add(rejection);
                }
              },
              limits,
              operator -> !seesCrashes || !down.contains(operator));
    }
  }

  public QbftEventLoop loop(final int op) {
    return loops[op];
  }

  public void crash(final int op) {
    down.add(op);
  }

  public void flush() {
    while (!queue.isEmpty()) {
      final InFlight m = queue.poll();
      if (!down.contains(m.to()) && !down.contains(m.from())) {
        loops[m.to()].onWire(m.from(), m.bytes());
      }
    }
  }

  /** Moves the clock and fires due timers everywhere, delivering messages in between. */
  public void advanceTo(final long millis) {
    clock.setMillis(millis);
    for (int i = 1; i < loops.length; i++) {
      if (!down.contains(i)) {
        loops[i].onWakeup();
      }
    }
    flush();
  }

  public List<Decision> decisions(final int op) {
    return decisions.get(op);
  }

  public List<Rejection> drops(final int op) {
    return drops.get(op);
  }

  public long messages() {
    return messages;
  }

  public long bytes() {
    return bytes;
  }

  public void resetCounters() {
    messages = 0;
    bytes = 0;
  }
}
