package io.dvc.node.pipeline;

import io.dvc.node.duty.DutyType;
import java.util.concurrent.CompletableFuture;

/**
 * What a duty plug-in may read of earlier rounds: a validator's combined, verified signature of a
 * pre-consensus duty (e.g. the RANDAO reveal before a proposal). The future completes on the
 * workflow thread.
 */
public interface PreConsensusResults {
  CompletableFuture<Combined> await(DutyType type, long slot, long validatorIndex);
}
