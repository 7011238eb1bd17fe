package io.dvc.node.pipeline;

import io.dvc.common.time.TimeProvider;
import io.dvc.consensus.LeaderElection;
import io.dvc.consensus.RoundTimerPolicy;
import io.dvc.consensus.ValueHasher;
import io.dvc.consensus.ValueValidator;
import io.dvc.consensus.driver.DriverLimits;
import io.dvc.consensus.driver.QbftEventLoop;
import io.dvc.consensus.driver.QbftListener;
import io.dvc.consensus.driver.Transport;
import io.dvc.consensus.driver.WakeupScheduler;
import io.dvc.consensus.message.WireCodec;
import io.dvc.consensus.message.WireLimits;
import io.dvc.consensus.qbft.QbftConfig;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.Operator;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The one place where a cluster operator's QBFT driver is configured: members and signatures from
 * the cluster, the rotating leader, and round timers that start at a quarter slot (at least 500 ms,
 * at most 2 s) and grow by half a first round each round; a round whose leader this node holds no
 * connection to is left at once (a killed operator's rounds cost no timer). Transport, clock,
 * wake-ups and that reachability come from the caller (the node, or the start-up rehearsal).
 */
public final class ClusterConsensus {
  /**
   * Values up to 8 MiB: a full block with its blobs and KZG proofs is the value of a proposal (a
   * Deneb block with 6 blobs is about 0.8 MiB, Electra's 9 blobs about 1.2 MiB).
   */
  public static final WireLimits WIRE_LIMITS = new WireLimits(8 << 20, 256, 128);

  private ClusterConsensus() {}

  /** Who leads each round of an instance. */
  public static LeaderElection leaderElection(final long slotsPerEpoch) {
    return LeaderElection.rotating((int) slotsPerEpoch);
  }

  public static QbftEventLoop create(
      final ClusterRuntime cluster,
      final long secondsPerSlot,
      final long slotsPerEpoch,
      final ValueValidator validator,
      final Transport transport,
      final TimeProvider time,
      final WakeupScheduler wakeups,
      final QbftListener listener,
      final IntPredicate reachable) {
    final Map<Integer, Operator> operators = cluster.operatorsByIndex();
    final long firstRoundMillis = Math.min(2000, Math.max(500, secondsPerSlot * 250));
    final QbftConfig config =
        QbftConfig.builder(
                cluster.operatorIndices(),
                cluster.selfIndex(),
                root -> cluster.nodeKey().sign(root),
                (operator, root, signature) -> {
                  final Operator op = operators.get(operator);
                  return op != null && op.publicKey().verify(root, signature);
                })
            .validator(validator)
            .leaderElection(leaderElection(slotsPerEpoch))
            .timerPolicy(
                RoundTimerPolicy.increasing(firstRoundMillis, firstRoundMillis / 2)
                    .doubledOnceProposed())
            .build();
    return new QbftEventLoop(
        config,
        new WireCodec(WIRE_LIMITS, ValueHasher.SHA256),
        transport,
        time,
        wakeups,
        listener,
        DriverLimits.DEFAULT,
        reachable);
  }
}
