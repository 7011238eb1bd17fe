package io.dvc.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.node.duty.DutyType;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DecisionsTest {
  private final Decisions decisions = new Decisions();

  @Test
  void aWaiterForASettledDutyCompletesWhenThatKindAndSlotSettleOnly() {
    final CompletableFuture<Void> waiting = decisions.awaitSettled(DutyType.ATTESTER, 5);
    decisions.onSettled(DutyType.ATTESTER, 4);
    decisions.onSettled(DutyType.SYNC_MESSAGE, 5);
    assertThat(waiting).isNotDone();
    decisions.onSettled(DutyType.ATTESTER, 5);
    assertThat(waiting).isCompleted();
    // and one asking afterwards finds it settled
    assertThat(decisions.awaitSettled(DutyType.ATTESTER, 5)).isCompleted();
  }

  @Test
  void aWaiterCannotCompleteTheSharedStateForOthers() {
    final CompletableFuture<Void> first = decisions.awaitSettled(DutyType.ATTESTER, 5);
    first.complete(null);
    assertThat(decisions.awaitSettled(DutyType.ATTESTER, 5)).isNotDone();
  }

  @Test
  void forgottenSlotsAreDroppedAndStartAgainUnsettled() {
    decisions.onSettled(DutyType.ATTESTER, 3);
    decisions.pruneBefore(4);
    assertThat(decisions.awaitSettled(DutyType.ATTESTER, 3)).isNotDone();
  }
}
