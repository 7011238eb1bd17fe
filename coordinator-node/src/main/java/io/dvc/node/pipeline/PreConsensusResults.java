package io.dvc.node.pipeline;

import io.dvc.node.duty.DutyType;
import java.util.concurrent.CompletableFuture;

/**
 * What a duty plug-in may read of earlier rounds: a validator's combined, verified signature of a
 * pre-consensus duty (e.g. the RANDAO reveal before a proposal). The future completes on the
 * workflow thread.
 */
public interface PreConsensusResults {
  /** The validator's signature of the round (part 0). */
  default CompletableFuture<Combined> await(
      final DutyType type, final long slot, final long validatorIndex) {
    return await(type, slot, validatorIndex, 0);
  }

  /** One of the validator's signatures of a round that signs several per validator. */
  CompletableFuture<Combined> await(DutyType type, long slot, long validatorIndex, int part);
}
