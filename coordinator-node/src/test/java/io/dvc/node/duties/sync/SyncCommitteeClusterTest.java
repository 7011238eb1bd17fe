package io.dvc.node.duties.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyType;
import io.dvc.node.testing.SimulatedCluster;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Sync-committee messages and contributions through the pipeline of a 4-operator cluster (t = 3) on
 * manual time (minimal preset: 8-slot epochs, 8-epoch periods, every member an aggregator). The
 * fake chain's sync committees are the even validators in even periods and the odd ones in odd
 * periods, each member holding positions in all four subcommittees; it checks every message's and
 * contribution's signature, selection proof and block root.
 */
class SyncCommitteeClusterTest {
  private static SimulatedCluster run(final int validators, final long first, final long end) {
    final SimulatedCluster cluster = SimulatedCluster.builder().validators(validators).build();
    cluster.start(first);
    cluster.runUntilSlot(end);
    return cluster;
  }

  private static void assertNothingInvalid(final SimulatedCluster cluster) {
    for (final String what :
        List.of(
            "invalid_sync_messages",
            "invalid_contributions",
            "invalid_attestations",
            "invalid_aggregates",
            "slashable_blocks")) {
      assertThat(cluster.chain().count(what, 0)).as(what).isZero();
    }
  }

  private static List<DutyOutcome> outcomes(
      final SimulatedCluster cluster, final int op, final DutyType type, final long end) {
    return cluster.outcomes(op, type).stream().filter(o -> o.duty().slot() < end).toList();
  }

  @Test
  void membersSignTheDecidedBlockRootInEverySlotEvenWithoutAnAttesterOfTheCluster() {
    // 4 validators attest at slots 0-3 of each epoch only; members 0 and 2 sign in every slot.
    final SimulatedCluster cluster = run(4, 8, 24);
    for (long slot = 8; slot < 24; slot++) {
      assertThat(cluster.chain().aggregation().syncSigners(slot))
          .as("sync signers of slot %d", slot)
          .isEqualTo(Set.of(0L, 2L));
    }
    for (final int op : cluster.operators()) {
      assertThat(cluster.beacon(op).syncSubscriptions())
          .as("sync_committee_subscriptions sent to operator %d's beacon node", op)
          .isPositive();
      assertThat(outcomes(cluster, op, DutyType.SYNC_MESSAGE, 24))
          .as("operator %d's sync messages", op)
          .hasSize(32)
          .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
    }
    assertNothingInvalid(cluster);
  }

  @Test
  void aMemberInSeveralSubcommitteesContributesToEachOfThem() {
    final SimulatedCluster cluster = run(4, 8, 24);
    for (long slot = 8; slot < 24; slot++) {
      for (long subcommittee = 0; subcommittee < 4; subcommittee++) {
        for (final long member : List.of(0L, 2L)) {
          assertThat(
                  cluster
                      .chain()
                      .aggregation()
                      .published("contribution " + slot + " " + subcommittee + " " + member))
              .as(
                  "contribution of member %d to subcommittee %d at slot %d",
                  member, subcommittee, slot)
              .isTrue();
        }
      }
    }
    for (final int op : cluster.operators()) {
      assertThat(outcomes(cluster, op, DutyType.SYNC_CONTRIBUTION, 24))
          .as("operator %d's contributions", op)
          .hasSize(32)
          .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
    }
    assertNothingInvalid(cluster);
  }

  @Test
  void theLastSlotOfAPeriodIsSignedByTheNextPeriodsCommittee() {
    // Period 0 is epochs 0-7 (slots 0-63); slot 63 belongs to the committee of period 1.
    final SimulatedCluster cluster = run(4, 56, 72);
    LongStream.range(56, 63)
        .forEach(
            slot ->
                assertThat(cluster.chain().aggregation().syncSigners(slot))
                    .as("slot %d", slot)
                    .isEqualTo(Set.of(0L, 2L)));
    LongStream.range(63, 72)
        .forEach(
            slot ->
                assertThat(cluster.chain().aggregation().syncSigners(slot))
                    .as("slot %d", slot)
                    .isEqualTo(Set.of(1L, 3L)));
    assertThat(cluster.chain().aggregation().published("contribution 63 0 1")).isTrue();
    assertThat(cluster.chain().aggregation().published("contribution 62 0 0")).isTrue();
    for (final int op : cluster.operators()) {
      assertThat(outcomes(cluster, op, DutyType.SYNC_MESSAGE, 72))
          .as("operator %d's sync messages", op)
          .hasSize(32)
          .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
    }
    assertNothingInvalid(cluster);
  }
}
