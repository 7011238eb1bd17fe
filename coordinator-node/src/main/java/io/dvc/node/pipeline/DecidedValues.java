package io.dvc.node.pipeline;

import io.dvc.node.duty.DutyType;
import java.util.concurrent.CompletableFuture;

/**
 * What a duty plug-in may read of other duties' decisions: the value QBFT decided for a duty kind
 * at a slot (sync-committee messages sign the block root of the slot's decided attestation data, so
 * one decision serves attesters and sync members).
 */
public interface DecidedValues {
  /**
   * The decided value of a duty kind at a slot; completes on the workflow thread, and fails when
   * the slot is forgotten undecided.
   */
  CompletableFuture<byte[]> awaitDecided(DutyType type, long slot);

  /**
   * Asks that the duty kind be decided at the slot even when none of this node's validators has it
   * there (every node of the cluster asks alike, since all have the same validators).
   */
  void requireDecision(DutyType type, long slot);

  /**
   * Completes (on the workflow thread) once this node has submitted the duty kind's signatures at
   * the slot, or decided it with nothing of its own to submit; so that a duty of the same slot with
   * a later deadline can leave the machine to the more urgent one. Never fails: a duty that is
   * never submitted leaves it pending until the slot is forgotten, so waiters bound their own wait.
   */
  CompletableFuture<Void> awaitSettled(DutyType type, long slot);
}
