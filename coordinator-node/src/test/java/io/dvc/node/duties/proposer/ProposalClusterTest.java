package io.dvc.node.duties.proposer;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyType;
import io.dvc.node.testing.FakeBeaconNode;
import io.dvc.node.testing.SimulatedCluster;
import io.dvc.slashing.BlockSigningRequest;
import io.dvc.slashing.Pubkey;
import io.dvc.slashing.Root;
import io.dvc.spec.ForkName;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Block proposals through the pipeline of a 4-operator cluster (t = 3) on manual time, with the
 * fake chain giving the cluster's validators every slot's proposal. Each test also checks that no
 * invalid or slashable block reached a beacon node.
 */
class ProposalClusterTest {
  private static final long FIRST = 8; // the first slot of epoch 1 (minimal preset)
  private static final long END = 24;

  private static List<Long> slots() {
    return LongStream.range(FIRST, END).boxed().toList();
  }

  private static SimulatedCluster run(
      final SimulatedCluster.Builder builder, final Consumer<SimulatedCluster> faults) {
    final SimulatedCluster cluster = builder.build();
    cluster.chain().aggregation().withoutSyncCommittees(); // proposals only: less work per slot
    faults.accept(cluster);
    cluster.start(FIRST);
    cluster.runUntilSlot(END);
    return cluster;
  }

  private static void assertNothingInvalidOrSlashable(final SimulatedCluster cluster) {
    assertThat(cluster.chain().count("invalid_blocks", 0)).as("invalid blocks").isZero();
    assertThat(cluster.chain().count("slashable_blocks", 0)).as("slashable blocks").isZero();
  }

  private static void assertEveryProposalSucceeded(
      final SimulatedCluster cluster, final List<Integer> operators) {
    for (final int op : operators) {
      final List<DutyOutcome> outcomes =
          cluster.outcomes(op, DutyType.PROPOSER).stream()
              .filter(o -> o.duty().slot() < END)
              .toList();
      assertThat(outcomes.stream().map(o -> o.duty().slot()).toList())
          .as("operator %d's proposal duties", op)
          .containsExactlyElementsOf(slots());
      assertThat(outcomes)
          .as("operator %d's proposal outcomes", op)
          .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
    }
    assertThat(cluster.chain().slotsWithBlocks()).containsAll(slots());
  }

  @Test
  void fourHonestOperatorsProposeEveryBlockOfTheirValidators() {
    final SimulatedCluster cluster = run(SimulatedCluster.builder(), c -> {});
    assertEveryProposalSucceeded(cluster, List.of(1, 2, 3, 4));
    assertNothingInvalidOrSlashable(cluster);
    assertThat(cluster.chain().feeRecipientOf(0))
        .as("prepare_beacon_proposer sent the lock's fee recipient")
        .isEqualTo(SimulatedCluster.FEE_RECIPIENT);
  }

  @Test
  void blindedBlocksFromABuilderAreProposedWhenTheClusterUsesOne() {
    final SimulatedCluster cluster = run(SimulatedCluster.builder().builder(true), c -> {});
    assertEveryProposalSucceeded(cluster, List.of(1, 2, 3, 4));
    assertNothingInvalidOrSlashable(cluster);
  }

  @Test
  void capellaAndFuluBlocksAreProposedToo() {
    for (final ForkName fork : List.of(ForkName.CAPELLA, ForkName.DENEB, ForkName.FULU)) {
      final SimulatedCluster cluster = run(SimulatedCluster.builder().fork(fork), c -> {});
      assertEveryProposalSucceeded(cluster, List.of(1, 2, 3, 4));
      assertNothingInvalidOrSlashable(cluster);
    }
  }

  @Test
  void aCrashedOperatorCostsNoProposalEvenWhenItWouldLead() {
    final SimulatedCluster cluster = run(SimulatedCluster.builder(), c -> c.crash(1));
    assertEveryProposalSucceeded(cluster, List.of(2, 3, 4));
    assertThat(cluster.outcomes(1, DutyType.PROPOSER)).as("the crashed operator").isEmpty();
    assertNothingInvalidOrSlashable(cluster);
  }

  @Test
  void anOperatorWhoseBeaconNodeBuildsAnotherBlockAgreesOnTheLeadersBlock() {
    final SimulatedCluster cluster =
        run(
            SimulatedCluster.builder(),
            c -> c.beacon(2).setFault(FakeBeaconNode.Fault.OTHER_BLOCK));
    assertEveryProposalSucceeded(cluster, List.of(1, 2, 3, 4));
    assertNothingInvalidOrSlashable(cluster);
  }

  @Test
  void aBeaconNodeAnsweringABlockForAnotherSlotOrProposerIsNotSignedFor() {
    for (final FakeBeaconNode.Fault fault :
        List.of(FakeBeaconNode.Fault.WRONG_SLOT_BLOCK, FakeBeaconNode.Fault.WRONG_PROPOSER_BLOCK)) {
      final SimulatedCluster cluster =
          run(SimulatedCluster.builder(), c -> c.beacon(1).setFault(fault));
      // Operator 1 has no block of its own, but signs the leader's valid block when others lead.
      assertEveryProposalSucceeded(cluster, List.of(2, 3, 4));
      assertNothingInvalidOrSlashable(cluster);
      assertThat(cluster.chain().slotsWithBlocks()).containsExactlyElementsOf(slots());
    }
  }

  @Test
  void anOperatorWithoutTheCombinedRandaoRevealStillAcceptsTheLeadersBlock() {
    // Operator 4 receives no partial signatures until the first slot: the RANDAO rounds of both
    // epochs (run ahead of time, at start) never combine there, as on a node restarted after them.
    // With operator 1 down, every block needs operator 4's vote and signature.
    final SimulatedCluster cluster =
        run(
            SimulatedCluster.builder(),
            c -> {
              c.crash(1);
              c.world()
                  .setInterceptor(
                      (from, to, protocol, message) ->
                          to == 4
                                  && protocol.equals(io.dvc.node.pipeline.ParSigEx.PROTOCOL)
                                  && c.world().time().currentTimeMillis()
                                      < c.clock().slotStartMillis(FIRST)
                              ? null
                              : message);
            });
    assertThat(cluster.chain().slotsWithBlocks())
        .as("every slot's block, signed by operators 2, 3 and 4")
        .containsAll(slots());
    assertEveryProposalSucceeded(cluster, List.of(2, 3));
    assertNothingInvalidOrSlashable(cluster);
  }

  @Test
  void aRandaoPartialFromAWrongKeyIsBlamedOnItsOperatorAndTheProposalStillHappens() {
    final Logger log = (Logger) LoggerFactory.getLogger("io.dvc.node.testing");
    final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    try {
      final SimulatedCluster cluster =
          run(SimulatedCluster.builder().signsWithWrongKeys(1), c -> {});
      assertEveryProposalSucceeded(cluster, List.of(2, 3, 4));
      assertNothingInvalidOrSlashable(cluster);
      final List<String> randaoBlames =
          appender.list.stream()
              .map(ILoggingEvent::getFormattedMessage)
              .filter(m -> m.startsWith("randao slot") && m.contains("bad partial signatures"))
              .toList();
      assertThat(randaoBlames).as("RANDAO partials blamed").isNotEmpty();
      assertThat(randaoBlames).allMatch(m -> m.endsWith("from operators [1]"));
    } finally {
      log.detachAppender(appender);
    }
  }

  @Test
  void anEquivocatingLeaderGetsNoConflictingBlockSignedAndProposalsStillHappen() {
    final EquivocatingLeader[] hostile = new EquivocatingLeader[1];
    final SimulatedCluster cluster =
        run(
            SimulatedCluster.builder(),
            c -> {
              hostile[0] =
                  new EquivocatingLeader(
                      1, java.util.Set.of(3, 4), c.nodeKey(1), c.schedule().schemas());
              c.world().setInterceptor(hostile[0]);
            });
    assertThat(hostile[0].equivocations).as("proposals the leader equivocated on").isPositive();
    assertNothingInvalidOrSlashable(cluster);
    assertEveryProposalSucceeded(cluster, List.of(2, 3, 4));
  }

  @Test
  void aBlockThatSlashingProtectionRefusesIsNeitherSignedNorPublished() {
    final long refusedSlot = FIRST + 3;
    final SimulatedCluster cluster =
        run(
            SimulatedCluster.builder(),
            c -> {
              // every operator already signed another block of that validator at that slot
              final long validator = c.chain().proposerAt(refusedSlot);
              for (final int op : c.operators()) {
                c.protection(op)
                    .checkAndRecordBlock(
                        new BlockSigningRequest(
                            Pubkey.of(c.chain().validators().get((int) validator).toBytes()),
                            refusedSlot,
                            Root.of(new byte[32])));
              }
            });
    assertThat(cluster.chain().slotsWithBlocks()).doesNotContain(refusedSlot);
    for (final int op : cluster.operators()) {
      assertThat(
              cluster.outcomes(op, DutyType.PROPOSER).stream()
                  .filter(o -> o.duty().slot() == refusedSlot)
                  .toList())
          .singleElement()
          .satisfies(o -> assertThat(o.succeeded()).isFalse());
    }
    assertNothingInvalidOrSlashable(cluster);
    assertThat(cluster.chain().slotsWithBlocks())
        .as("the other slots")
        .containsAll(slots().stream().filter(s -> s != refusedSlot).toList());
  }
}
