package io.dvc.slashing;

import io.dvc.slashing.SlashingSchema.AttestationKey;
import io.dvc.slashing.SlashingSchema.BlockKey;
import io.dvc.storage.Durability;
import io.dvc.storage.KvStore;
import io.dvc.storage.KvWriteBatch;
import java.util.OptionalLong;

/**
 * Deletes one validator's history older than the retention window. In the same atomic batch the low
 * watermarks rise to the highest deleted slot, source and target, so whatever the deleted records
 * would have refused is still refused: a new attestation must have source >= every deleted source
 * and target > every deleted target, so it can neither double vote with, surround, nor be
 * surrounded by a deleted one. The write is not synced: if it is lost, the history is still there.
 */
public final class SlashingPruner {
  private final KvStore store;
  private final SlashingHistory history;
  private final PruningConfig config;

  SlashingPruner(final KvStore store, final SlashingHistory history, final PruningConfig config) {
    this.store = store;
    this.history = history;
    this.config = config;
  }

  /** Counts of deleted records. */
  public record Result(long deletedBlocks, long deletedAttestations) {}

  Result prune(final Pubkey pubkey) {
    final ValidatorState state = history.state(pubkey);
    try (KvWriteBatch transaction = store.startWriteBatch()) {
      long deletedBlocks = 0;
      OptionalLong maxDeletedSlot = OptionalLong.empty();
      final OptionalLong blockCutoff = cutoff(state.maxSlot(), config.retainedSlots());
      if (blockCutoff.isPresent()) {
        for (final SignedBlockRecord block : history.blocks(pubkey)) {
          if (UInt64.lessThan(block.slot(), blockCutoff.getAsLong())) {
            transaction.delete(SlashingSchema.BLOCKS, new BlockKey(pubkey, block.slot()));
            maxDeletedSlot = ValidatorState.max(maxDeletedSlot, block.slot());
            deletedBlocks++;
          }
        }
      }
      long deletedAttestations = 0;
      OptionalLong maxDeletedSource = OptionalLong.empty();
      OptionalLong maxDeletedTarget = OptionalLong.empty();
      final OptionalLong cutoff = cutoff(state.maxTargetEpoch(), config.retainedEpochs());
      if (cutoff.isPresent()) {
        for (final SignedAttestationRecord attestation : history.attestations(pubkey)) {
          if (UInt64.lessThan(attestation.targetEpoch(), cutoff.getAsLong())) {
            transaction.delete(
                SlashingSchema.ATTESTATIONS,
                new AttestationKey(pubkey, attestation.targetEpoch(), attestation.sourceEpoch()));
            maxDeletedSource = ValidatorState.max(maxDeletedSource, attestation.sourceEpoch());
            maxDeletedTarget = ValidatorState.max(maxDeletedTarget, attestation.targetEpoch());
            deletedAttestations++;
          }
        }
      }
      if (!transaction.isEmpty()) {
        transaction.put(
            SlashingSchema.VALIDATORS,
            pubkey,
            state.withWatermarks(maxDeletedSlot, maxDeletedSource, maxDeletedTarget));
        transaction.commit(Durability.UNSYNCED);
      }
      return new Result(deletedBlocks, deletedAttestations);
    }
  }

  private static OptionalLong cutoff(final OptionalLong newest, final long retained) {
    if (newest.isEmpty() || UInt64.atMost(newest.getAsLong(), retained)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(newest.getAsLong() - retained);
  }
}
