package io.dvc.node.duties.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dvc.bls.Bls;
import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.testing.FakeBeaconNode;
import io.dvc.node.testing.SimulatedCluster;
import io.dvc.spec.Selection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Attestation aggregation through the pipeline of a 4-operator cluster (t = 3) on manual time: the
 * selection proofs of each epoch combined ahead of time, selection decided on the combined proof,
 * one QBFT instance per slot for the cluster's aggregates, signed AggregateAndProofs checked by the
 * fake chain (selection proof, selection, signature, data). Each test also checks that nothing
 * invalid reached a beacon node and that no attestation was refused by slashing protection.
 */
class AggregationClusterTest {
  private static final long FIRST = 8; // the first slot of epoch 1 (minimal preset)
  private static final long END = 24;

  private static SimulatedCluster run(
      final SimulatedCluster.Builder builder, final Consumer<SimulatedCluster> setup) {
    final SimulatedCluster cluster = builder.build();
    cluster.chain().aggregation().withoutSyncCommittees();
    setup.accept(cluster);
    cluster.start(FIRST);
    cluster.runUntilSlot(END);
    return cluster;
  }

  private static void assertNothingInvalid(final SimulatedCluster cluster) {
    assertThat(cluster.chain().count("invalid_aggregates", 0)).as("invalid aggregates").isZero();
    assertThat(cluster.chain().count("invalid_attestations", 0))
        .as("invalid attestations")
        .isZero();
    assertThat(cluster.chain().count("slashable_blocks", 0)).as("slashable blocks").isZero();
    for (final int op : cluster.operators()) {
      assertThat(cluster.outcomes(op, DutyType.ATTESTER))
          .as("operator %d's attestations", op)
          .noneMatch(
              o -> o.failure().equals(java.util.Optional.of(FailureReason.SLASHING_REFUSED)));
    }
  }

  /** (slot, aggregator) of every aggregate the validators' real keys select in [FIRST, END). */
  private static Set<String> expectedAggregates(
      final SimulatedCluster cluster, final int validators) {
    final Set<String> expected = new TreeSet<>();
    for (int v = 0; v < validators; v++) {
      for (long epoch = FIRST / 8; epoch < END / 8; epoch++) {
        final long slot = cluster.chain().attestationSlot(v, epoch);
        final byte[] proof =
            Bls.sign(
                    cluster.keys().groupSecret(v),
                    cluster.chain().signingRoots().selectionProof(slot).toArray())
                .toBytes();
        if (Selection.isAggregator(cluster.chain().aggregation().committeeLength(), proof)) {
          expected.add("aggregate " + slot + " " + v);
        }
      }
    }
    return expected;
  }

  private static Set<String> publishedAggregates(
      final SimulatedCluster cluster, final int validators) {
    final Set<String> published = new TreeSet<>();
    for (int v = 0; v < validators; v++) {
      for (long slot = FIRST; slot < END; slot++) {
        if (cluster.chain().aggregation().published("aggregate " + slot + " " + v)) {
          published.add("aggregate " + slot + " " + v);
        }
      }
    }
    return published;
  }

  private static List<DutyOutcome> aggregations(final SimulatedCluster cluster, final int op) {
    return cluster.outcomes(op, DutyType.AGGREGATOR).stream()
        .filter(o -> o.duty().slot() < END)
        .toList();
  }

  @Test
  void aggregatorsInTwoCommitteesOfOneSlotEachPublishTheirCommitteesAggregate() {
    // 16 validators: at each slot validators s and s+8 attest, in committees 0 and 1; committees
    // of 16 make every attester an aggregator.
    final SimulatedCluster cluster =
        run(
            SimulatedCluster.builder().validators(16),
            c -> c.chain().aggregation().setCommitteeLength(16));
    final Set<String> expected = expectedAggregates(cluster, 16);
    assertThat(expected).hasSize(32);
    assertThat(publishedAggregates(cluster, 16)).isEqualTo(expected);
    for (final int op : cluster.operators()) {
      assertThat(cluster.beacon(op).aggregatorSubscriptions())
          .as("subscriptions with is_aggregator true at operator %d's beacon node", op)
          .containsAll(expected);
      assertThat(aggregations(cluster, op))
          .as("operator %d's aggregations", op)
          .hasSize(32)
          .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
    }
    assertNothingInvalid(cluster);
  }

  @Test
  void selectionFromTheCombinedProofIsTheSameWhicheverOperatorsSigned() {
    // Committees of 64: about a quarter of the attesters aggregate. Operator 4 down: proofs are
    // combined from {1,2,3}; operator 1 down: from {2,3,4}. Both select exactly the validators the
    // real keys' proofs select.
    final SimulatedCluster without4 =
        run(SimulatedCluster.builder().validators(16), c -> c.crash(4));
    final SimulatedCluster without1 =
        run(SimulatedCluster.builder().validators(16), c -> c.crash(1));
    final Set<String> expected = expectedAggregates(without4, 16);
    assertThat(expected).isNotEmpty().hasSizeLessThan(32);
    assertThat(publishedAggregates(without4, 16)).isEqualTo(expected);
    assertThat(publishedAggregates(without1, 16)).isEqualTo(expected);
    for (final int op : List.of(1, 2, 3)) {
      assertThat(aggregations(without4, op))
          .as("operator %d's aggregations without operator 4", op)
          .hasSize(expected.size())
          .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
    }
    assertNothingInvalid(without4);
    assertNothingInvalid(without1);
  }

  @Test
  void aBadPartialSelectionProofIsBlamedOnItsOperatorAndAggregationStillHappens() {
    final Logger log = (Logger) LoggerFactory.getLogger("io.dvc.node.testing");
    final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    try {
      final SimulatedCluster cluster =
          run(
              SimulatedCluster.builder().validators(16).signsWithWrongKeys(2),
              c -> c.chain().aggregation().setCommitteeLength(16));
      assertThat(publishedAggregates(cluster, 16)).isEqualTo(expectedAggregates(cluster, 16));
      final List<String> blames =
          appender.list.stream()
              .map(ILoggingEvent::getFormattedMessage)
              .filter(m -> m.startsWith("selection_proof slot") && m.contains("bad partial"))
              .toList();
      assertThat(blames).as("selection-proof partials blamed").isNotEmpty();
      assertThat(blames).allMatch(m -> m.endsWith("from operators [2]"));
      for (final int op : List.of(1, 3, 4)) {
        assertThat(aggregations(cluster, op))
            .as("operator %d's aggregations", op)
            .hasSize(32)
            .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
      }
      assertNothingInvalid(cluster);
    } finally {
      log.detachAppender(appender);
    }
  }

  @Test
  void anAggregateForOtherDataFromABeaconNodeIsRefusedAndTheOthersAggregate() {
    final SimulatedCluster cluster =
        run(
            SimulatedCluster.builder().validators(16),
            c -> {
              c.chain().aggregation().setCommitteeLength(16);
              c.beacon(1).setFault(FakeBeaconNode.Fault.OTHER_AGGREGATE);
            });
    assertThat(publishedAggregates(cluster, 16)).isEqualTo(expectedAggregates(cluster, 16));
    assertThat(aggregations(cluster, 1))
        .as("operator 1 has no aggregate of its own")
        .hasSize(32)
        .allSatisfy(
            o -> {
              assertThat(o.failure()).contains(FailureReason.BEACON_FETCH_ERROR);
              assertThat(o.detail()).contains("other attestation data");
            });
    for (final int op : List.of(2, 3, 4)) {
      assertThat(aggregations(cluster, op))
          .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
    }
    assertNothingInvalid(cluster);
  }

  @Test
  void aLeaderProposingAggregatesForOtherDataIsRefusedByTheValueCheck() {
    final ForgingLeader[] hostile = new ForgingLeader[1];
    final SimulatedCluster cluster =
        run(
            SimulatedCluster.builder().validators(16),
            c -> {
              c.chain().aggregation().setCommitteeLength(16);
              hostile[0] = new ForgingLeader(1, c.nodeKey(1), c.schedule().schemas());
              c.world().setInterceptor(hostile[0]);
            });
    assertThat(hostile[0].forged).as("aggregation proposals forged by operator 1").isPositive();
    assertThat(publishedAggregates(cluster, 16)).isEqualTo(expectedAggregates(cluster, 16));
    for (final int op : cluster.operators()) {
      assertThat(aggregations(cluster, op))
          .as("operator %d's aggregations", op)
          .hasSize(32)
          .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
    }
    assertNothingInvalid(cluster);
  }

  @Test
  void anOperatorThatLearnsItsDutiesLateStillCombinesTheSelectionProofs() {
    // Operators 1-3 run the selection rounds of slots 11 and 12 two slots ahead; operator 4 joins
    // in
    // slot 11, runs those rounds then, and the others send their sets again to it (it missed them).
    final SimulatedCluster cluster = SimulatedCluster.builder().validators(16).build();
    cluster.chain().aggregation().withoutSyncCommittees();
    cluster.chain().aggregation().setCommitteeLength(16);
    cluster.start(FIRST, Set.of(4));
    cluster.runUntilSlot(11);
    cluster.world().runUntil(cluster.clock().slotStartMillis(11) + 1000);
    cluster.startLate(4, 12);
    cluster.runUntilSlot(END);
    assertThat(aggregations(cluster, 4).stream().map(o -> o.duty().slot()).distinct().toList())
        .as("operator 4 aggregates from slot 12 on, in epoch 1 too")
        .containsExactlyElementsOf(java.util.stream.LongStream.range(12, END).boxed().toList());
    assertThat(aggregations(cluster, 4))
        .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
    assertThat(publishedAggregates(cluster, 16)).isEqualTo(expectedAggregates(cluster, 16));
    assertNothingInvalid(cluster);
  }
}
