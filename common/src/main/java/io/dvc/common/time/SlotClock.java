package io.dvc.common.time;

/**
 * Slot and epoch arithmetic anchored to genesis. Slots per epoch and seconds per slot come from the
 * beacon node's spec, never from constants.
 */
public record SlotClock(
    long genesisTimeSeconds, long secondsPerSlot, long slotsPerEpoch, TimeProvider time) {

  public SlotClock {
    if (secondsPerSlot <= 0 || slotsPerEpoch <= 0) {
      throw new IllegalArgumentException("secondsPerSlot and slotsPerEpoch must be positive");
    }
  }

  public long millisPerSlot() {
    return secondsPerSlot * 1000;
  }

  /** Start of a slot in Unix milliseconds. */
  public long slotStartMillis(final long slot) {
    return (genesisTimeSeconds + slot * secondsPerSlot) * 1000;
  }

  /** The current slot; 0 before genesis. */
  public long currentSlot() {
    final long sinceGenesis = time.currentTimeMillis() - genesisTimeSeconds * 1000;
    return sinceGenesis < 0 ? 0 : sinceGenesis / millisPerSlot();
  }

  public long currentEpoch() {
    return epochOf(currentSlot());
  }

  public long epochOf(final long slot) {
    return slot / slotsPerEpoch;
  }

  public long firstSlotOf(final long epoch) {
    return epoch * slotsPerEpoch;
  }

  /** Milliseconds from now until the given offset (a fraction of the slot) into a slot. */
  public long millisUntil(final long slot, final long numerator, final long denominator) {
    return slotStartMillis(slot)
        + millisPerSlot() * numerator / denominator
        - time.currentTimeMillis();
  }
}
