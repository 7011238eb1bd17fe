package io.dvc.slashing;

/**
 * How much history pruning keeps per validator: attestations whose target is within {@code
 * retainedEpochs} of the newest target, blocks within {@code retainedSlots} of the newest slot.
 * Older records are deleted and the low watermarks rise to cover them, so protection stays exact.
 */
public record PruningConfig(long retainedEpochs, long retainedSlots) {

  public PruningConfig {
    if (retainedEpochs < 2 || retainedSlots < 2) {
      throw new IllegalArgumentException("pruning must retain at least 2 epochs and 2 slots");
    }
  }

  /** About 27 hours of attestations and 27 hours of blocks on mainnet timing. */
  public static PruningConfig defaults() {
    return new PruningConfig(256, 8192);
  }
}
