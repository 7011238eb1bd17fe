package io.dvc.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.consensus.InstanceId;
import io.dvc.consensus.Value;
import io.dvc.consensus.ValueHasher;
import io.dvc.consensus.qbft.Decision;
import io.dvc.node.metrics.NodeMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailedLeadersTest {
  private static final List<Integer> MEMBERS = List.of(1, 2, 3, 4);
  private final NodeMetrics metrics = new NodeMetrics();
  private final NodeEnvironment env =
      new NodeEnvironment(
          null, null, null, null, null, metrics, LoggerFactory.getLogger(FailedLeadersTest.class));

  private static Decision decidedIn(final long slot, final int round) {
    return new Decision(
        new InstanceId(slot, 1), Value.of(new byte[] {1}, ValueHasher.SHA256), round, List.of());
  }

  @Test
  void aDecisionInRoundThreeNamesTheLeadersOfRoundsOneAndTwo() {
    final Decision decision = decidedIn(8, 3);
    final int first = ClusterConsensus.leaderElection(8).leader(decision.instance(), 1, MEMBERS);
    final int second = ClusterConsensus.leaderElection(8).leader(decision.instance(), 2, MEMBERS);
    assertThat(first).isNotEqualTo(second);
    assertThat(FailedLeaders.of(decision, MEMBERS, 8)).containsExactly(first, second);

    final int third = ClusterConsensus.leaderElection(8).leader(decision.instance(), 3, MEMBERS);
    FailedLeaders.report(decision, MEMBERS, 8, third, env);
    assertThat(metrics.peerFaultCount(first, "failed_leader_round")).isEqualTo(1.0);
    assertThat(metrics.peerFaultCount(second, "failed_leader_round")).isEqualTo(1.0);
    assertThat(metrics.peerFaultCount(third, "failed_leader_round"))
        .as("the deciding round's leader is not blamed")
        .isZero();
  }

  @Test
  void thisNodesOwnFailedRoundIsNotCountedAsAPeerFault() {
    final Decision decision = decidedIn(8, 3);
    final int first = ClusterConsensus.leaderElection(8).leader(decision.instance(), 1, MEMBERS);
    final int second = ClusterConsensus.leaderElection(8).leader(decision.instance(), 2, MEMBERS);

    FailedLeaders.report(decision, MEMBERS, 8, first, env);

    assertThat(metrics.peerFaultCount(first, "failed_leader_round")).isZero();
    assertThat(metrics.peerFaultCount(second, "failed_leader_round")).isEqualTo(1.0);
  }

  @Test
  void aDecisionInTheFirstRoundBlamesNobody() {
    FailedLeaders.report(decidedIn(8, 1), MEMBERS, 8, 1, env);
    for (final int op : MEMBERS) {
      assertThat(metrics.peerFaultCount(op, "failed_leader_round")).isZero();
    }
    assertThat(FailedLeaders.of(decidedIn(8, 1), MEMBERS, 8)).isEmpty();
  }
}
