package io.dvc.slashing;

import java.util.OptionalLong;

/**
 * What slashing protection keeps per validator besides its history: the low watermarks (nothing at
 * or below them is signed; raised by imports and pruning, never lowered) and the highest slot and
 * epochs in its history (never lowered either), which let most checks skip reading history.
 */
public record ValidatorState(
    OptionalLong slotWatermark,
    OptionalLong sourceEpochWatermark,
    OptionalLong targetEpochWatermark,
    OptionalLong maxSlot,
    OptionalLong maxSourceEpoch,
    OptionalLong maxTargetEpoch) {

  public static final ValidatorState EMPTY =
      new ValidatorState(
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.empty());

  /** The state after a block at {@code slot} joined the history. */
  public ValidatorState withBlock(final long slot) {
    return new ValidatorState(
        slotWatermark,
        sourceEpochWatermark,
        targetEpochWatermark,
        max(maxSlot, slot),
        maxSourceEpoch,
        maxTargetEpoch);
  }

  /** The state after an attestation joined the history. */
  public ValidatorState withAttestation(final long sourceEpoch, final long targetEpoch) {
    return new ValidatorState(
        slotWatermark,
        sourceEpochWatermark,
        targetEpochWatermark,
        maxSlot,
        max(maxSourceEpoch, sourceEpoch),
        max(maxTargetEpoch, targetEpoch));
  }

  /**
   * The state after an import: each watermark rises to the highest slot or epoch known for the
   * validator, local or imported (EIP-3076's minimal strategy; see README-slashing.md).
   */
  public ValidatorState raisedToHistory() {
    return new ValidatorState(
        maxOf(slotWatermark, maxSlot),
        maxOf(sourceEpochWatermark, maxSourceEpoch),
        maxOf(targetEpochWatermark, maxTargetEpoch),
        maxSlot,
        maxSourceEpoch,
        maxTargetEpoch);
  }

  /** The state after pruning raised the watermarks to cover deleted history. */
  public ValidatorState withWatermarks(
      final OptionalLong slot, final OptionalLong sourceEpoch, final OptionalLong targetEpoch) {
    return new ValidatorState(
        maxOf(slotWatermark, slot),
        maxOf(sourceEpochWatermark, sourceEpoch),
        maxOf(targetEpochWatermark, targetEpoch),
        maxSlot,
        maxSourceEpoch,
        maxTargetEpoch);
  }

  static OptionalLong max(final OptionalLong current, final long value) {
    return OptionalLong.of(current.isPresent() ? UInt64.max(current.getAsLong(), value) : value);
  }

  static OptionalLong maxOf(final OptionalLong a, final OptionalLong b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : OptionalLong.of(UInt64.max(a.getAsLong(), b.getAsLong()));
  }
}
