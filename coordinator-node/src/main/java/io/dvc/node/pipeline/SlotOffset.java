package io.dvc.node.pipeline;

/** When in its slot a duty starts. */
public enum SlotOffset {
  /** As soon as the duty is known (pre-consensus rounds that depend only on the epoch or slot). */
  AHEAD(0, 1),
  /** At the slot start (block proposals). */
  START(0, 1),
  /**
   * A sixth into the slot, after its block and before its attestations: work that can wait a little
   * (loading the next epoch's duties, the per-epoch re-sends of fee recipients and held
   * registrations), so that it delays neither.
   */
  AFTER_BLOCK(1, 6),
  /** One third into the slot (attestations, sync-committee messages). */
  ONE_THIRD(1, 3),
  /**
   * Half-way through the slot, between the attestations and the aggregation: ahead-of-time work
   * that is spread over slots (selection proofs two slots ahead).
   */
  HALF(1, 2),
  /** Two thirds into the slot (aggregation, sync contributions). */
  TWO_THIRDS(2, 3),
  /**
   * Five sixths into the slot, after its aggregation and before the next slot's block: bulk signing
   * that can wait (builder registrations), kept out of the attestations' third.
   */
  LATE(5, 6);

  private final int numerator;
  private final int denominator;

  SlotOffset(final int numerator, final int denominator) {
    this.numerator = numerator;
    this.denominator = denominator;
  }

  /** Milliseconds after the slot start. */
  public long millisInto(final long millisPerSlot) {
    return millisPerSlot * numerator / denominator;
  }
}
