package io.dvc.node.pipeline;

import io.dvc.consensus.LeaderElection;
import io.dvc.consensus.qbft.Decision;
import java.util.ArrayList;
import java.util.List;

/**
 * Names the leaders whose rounds of a decided instance did not decide: a decision in round r means
 * rounds 1 … r−1 ended in a round change, so their leaders (offline, slow, or proposing a value the
 * others refused, for example as an equivocating leader) each count one {@code failed_leader_round}
 * in {@code dvc_peer_faults_total} (this node's own failed rounds are not a peer's fault) and are
 * named in one log line.
 */
final class FailedLeaders {
  private FailedLeaders() {}

  /** The leaders of the rounds before the deciding one, in round order. */
  static List<Integer> of(
      final Decision decision, final List<Integer> members, final long slotsPerEpoch) {
    final LeaderElection election = ClusterConsensus.leaderElection(slotsPerEpoch);
    final List<Integer> leaders = new ArrayList<>();
    for (int round = 1; round < decision.round(); round++) {
      leaders.add(election.leader(decision.instance(), round, members));
    }
    return leaders;
  }

  static void report(
      final Decision decision,
      final List<Integer> members,
      final long slotsPerEpoch,
      final int self,
      final NodeEnvironment env) {
    if (decision.round() <= 1) {
      return;
    }
    final List<Integer> leaders = of(decision, members, slotsPerEpoch);
    leaders.stream()
        .filter(leader -> leader != self)
        .forEach(leader -> env.metrics().peerFault(leader, "failed_leader_round"));
    env.log()
        .warn(
            "consensus {} decided in round {}: rounds led by operators {} did not decide",
            decision.instance(),
            decision.round(),
            leaders);
  }
}
