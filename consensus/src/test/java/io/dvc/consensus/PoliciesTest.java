package io.dvc.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoliciesTest {
  @Test
  void quorumIsTwoFPlusOneForThreeFPlusOne() {
    assertThat(new Quorum(1).quorum()).isEqualTo(1);
    assertThat(new Quorum(4).quorum()).isEqualTo(3);
    assertThat(new Quorum(7).quorum()).isEqualTo(5);
    assertThat(new Quorum(10).quorum()).isEqualTo(7);
    assertThat(new Quorum(13).quorum()).isEqualTo(9);
    assertThat(new Quorum(13).faulty()).isEqualTo(4);
    assertThat(new Quorum(13).weak()).isEqualTo(5);
  }

  @Test
  void anyTwoQuorumsIntersectInMoreThanFOperatorsForEveryClusterSize() {
    for (int n = 1; n <= 40; n++) {
      final Quorum q = new Quorum(n);
      assertThat(2 * q.quorum() - n).as("intersection for n=" + n).isGreaterThan(q.faulty());
      assertThat(q.quorum()).as("liveness for n=" + n).isLessThanOrEqualTo(n - q.faulty());
    }
  }

  @Test
  void emptyClusterIsRefused() {
    assertThatThrownBy(() -> new Quorum(0)).hasMessageContaining("at least 1");
  }

  @Test
  void rotatingLeaderCyclesThroughAllOperatorsOverRounds() {
    final LeaderElection election = LeaderElection.rotating(32);
    final List<Integer> members = List.of(1, 2, 3, 4);
    final Set<Integer> leaders = new HashSet<>();
    for (int round = 1; round <= 4; round++) {
      leaders.add(election.leader(new InstanceId(70, 0), round, members));
    }
    assertThat(leaders).containsExactlyInAnyOrder(1, 2, 3, 4);
  }

  @Test
  void rotatingLeaderChangesForTheSameSlotOfTheNextEpoch() {
    final LeaderElection election = LeaderElection.rotating(32);
    for (int n : new int[] {3, 4, 7, 11, 33}) {
      final List<Integer> members = java.util.stream.IntStream.rangeClosed(1, n).boxed().toList();
      for (int slot = 0; slot < 32; slot++) {
        final int now = election.leader(new InstanceId(32L * 5 + slot, 0), 1, members);
        final int next = election.leader(new InstanceId(32L * 6 + slot, 0), 1, members);
        assertThat(next).as("n=%d slot %d", n, slot).isNotEqualTo(now);
      }
    }
  }

  @Test
  void rotatingLeaderDiffersByDutyKind() {
    final LeaderElection election = LeaderElection.rotating(32);
    final List<Integer> members = List.of(2, 5, 9, 11);
    assertThat(election.leader(new InstanceId(10, 0), 1, members))
        .isNotEqualTo(election.leader(new InstanceId(10, 1), 1, members));
  }

  @Test
  void fixedTimerEndsRoundRAtStartPlusRTimesT() {
    final RoundTimerPolicy fixed = RoundTimerPolicy.fixed(2_000);
    assertThat(fixed.roundEnd(10_000, 1)).isEqualTo(12_000);
    assertThat(fixed.roundEnd(10_000, 4)).isEqualTo(18_000);
    assertThat(fixed.roundAt(10_000, 10_000, 64)).isEqualTo(1);
    assertThat(fixed.roundAt(10_000, 13_999, 64)).isEqualTo(2);
    assertThat(fixed.roundAt(10_000, 14_000, 64)).isEqualTo(3);
    assertThat(fixed.roundAt(10_000, 1_000_000, 64)).isEqualTo(64);
  }

  @Test
  void increasingTimerLengthensEachRound() {
    final RoundTimerPolicy increasing = RoundTimerPolicy.increasing(1_000, 500);
    assertThat(increasing.roundEnd(0, 1)).isEqualTo(1_000);
    assertThat(increasing.roundEnd(0, 2)).isEqualTo(2_500);
    assertThat(increasing.roundEnd(0, 3)).isEqualTo(4_500);
    assertThat(increasing.roundAt(0, 2_600, 64)).isEqualTo(3);
  }

  @Test
  void aRoundWhoseProposalArrivedLastsTwiceAsLongAndLaterRoundsKeepTheirEnds() {
    final RoundTimerPolicy doubled = RoundTimerPolicy.increasing(1_000, 500).doubledOnceProposed();
    assertThat(doubled.roundEnd(0, 1)).isEqualTo(1_000);
    assertThat(doubled.roundEndOnceProposed(0, 1)).isEqualTo(2_000);
    assertThat(doubled.roundEnd(0, 2)).isEqualTo(2_500);
    assertThat(doubled.roundEndOnceProposed(0, 2)).isEqualTo(4_000);
    assertThat(doubled.roundEndOnceProposed(10_000, 3)).isEqualTo(16_500);
    assertThat(doubled.roundAt(0, 2_000, 32)).isEqualTo(2);
    final RoundTimerPolicy plain = RoundTimerPolicy.increasing(1_000, 500);
    assertThat(plain.roundEndOnceProposed(0, 2)).isEqualTo(plain.roundEnd(0, 2));
  }
}
