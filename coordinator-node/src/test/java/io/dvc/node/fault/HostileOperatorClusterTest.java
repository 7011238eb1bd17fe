package io.dvc.node.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyType;
import io.dvc.node.testing.SimulatedCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A 4-operator cluster (t = 3) on manual time with operator 1 running a {@link TestFault} through
 * {@link HostileMessaging}, as {@code dvc run --test-fault} does: the three honest operators keep
 * every attestation and proposal, nothing invalid or slashable reaches the chain, and their metrics
 * name operator 1.
 */
class HostileOperatorClusterTest {
  private static final long FIRST = 8;
  private static final long END = 24;

  private static SimulatedCluster run(final TestFault fault) {
    final SimulatedCluster cluster =
        SimulatedCluster.builder().hostile(1, fault).build().start(FIRST);
    cluster.runUntilSlot(END);
    return cluster;
  }

  private static void assertHonestOperatorsKeptEveryDuty(final SimulatedCluster cluster) {
    for (final int op : List.of(2, 3, 4)) {
      for (final DutyType type : List.of(DutyType.ATTESTER, DutyType.PROPOSER)) {
        final List<DutyOutcome> outcomes =
            cluster.outcomes(op, type).stream().filter(o -> o.duty().slot() < END - 2).toList();
        assertThat(outcomes).as("operator %d's %s duties", op, type).isNotEmpty();
        assertThat(outcomes)
            .as("operator %d's %s outcomes", op, type)
            .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
      }
    }
    assertThat(cluster.chain().count("invalid_attestations", 0)).isZero();
    assertThat(cluster.chain().count("invalid_blocks", 0)).isZero();
    assertThat(cluster.chain().count("slashable_blocks", 0)).isZero();
  }

  @Test
  void anEquivocatingLeaderCostsNoDutyAndEveryHonestOperatorNamesIt() {
    final SimulatedCluster cluster = run(TestFault.EQUIVOCATING_LEADER);
    assertHonestOperatorsKeptEveryDuty(cluster);
    for (final int op : List.of(2, 3, 4)) {
      assertThat(cluster.metrics(op).peerFaultCount(1, "failed_leader_round"))
          .as("operator %d names operator 1 for the rounds it led", op)
          .isPositive();
      for (final int honest : List.of(2, 3, 4)) {
        assertThat(cluster.metrics(op).peerFaultCount(honest, "failed_leader_round"))
            .as("operator %d blames honest operator %d", op, honest)
            .isZero();
      }
    }
  }

  @Test
  void wrongPartialSignaturesCostNoDutyAndAreBlamedOnTheirOperatorOnly() {
    final SimulatedCluster cluster = run(TestFault.WRONG_PARTIALS);
    assertHonestOperatorsKeptEveryDuty(cluster);
    double named = 0;
    for (final int op : List.of(2, 3, 4)) {
      named += cluster.metrics(op).peerFaultCount(1, "bad_partial_signature");
      for (final int honest : List.of(2, 3, 4)) {
        assertThat(cluster.metrics(op).peerFaultCount(honest, "bad_partial_signature"))
            .as("operator %d blames honest operator %d", op, honest)
            .isZero();
      }
    }
    assertThat(named).as("bad partials of operator 1 found by the honest operators").isPositive();
  }
}
