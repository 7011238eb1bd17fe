package io.dvc.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.testing.SimulatedCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Audit finding 3, in the pipeline: an operator whose slashing-protection database refuses writes
 * (a full disk) signs nothing, and its duties fail with {@code slashing_db_error} and the
 * database's message instead of counting as successes because the peers combined them.
 */
class SlashingDbFailureClusterTest {

  @Test
  void anOperatorThatCannotRecordFailsItsDutiesNamingTheDatabaseWhileTheOthersCarryOn() {
    final SimulatedCluster cluster = SimulatedCluster.builder().build().start(8);
    cluster.runUntilSlot(12);
    cluster.slashingStore(2).failWrites(true);
    cluster.runUntilSlot(20);

    final List<DutyOutcome> broken =
        cluster.outcomes(2, DutyType.ATTESTER).stream()
            .filter(o -> o.duty().slot() >= 12 && o.duty().slot() < 18)
            .toList();
    assertThat(broken).isNotEmpty();
    assertThat(broken)
        .allSatisfy(
            o -> {
              assertThat(o.failure()).as(o.toString()).contains(FailureReason.SLASHING_DB_ERROR);
              assertThat(o.detail()).contains("No space left on device");
            });
    for (final int op : List.of(1, 3, 4)) {
      assertThat(
              cluster.outcomes(op, DutyType.ATTESTER).stream()
                  .filter(o -> o.duty().slot() < 18)
                  .toList())
          .as("operator %d", op)
          .isNotEmpty()
          .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
    }
    assertThat(cluster.chain().count("invalid_attestations", 0)).isZero();
  }
}
