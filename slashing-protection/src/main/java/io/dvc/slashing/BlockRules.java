package io.dvc.slashing;

import java.util.Optional;
import java.util.OptionalLong;

/** The block rules of slashing protection, with no I/O: low watermark and double proposals. */
public final class BlockRules {
  private BlockRules() {}

  /** True when the decision needs the block held at the request's slot (if any). */
  public static boolean needsHistory(
      final ValidatorState state, final BlockSigningRequest request) {
    final OptionalLong maxSlot = state.maxSlot();
    return maxSlot.isPresent() && UInt64.atMost(request.slot(), maxSlot.getAsLong());
  }

  /**
   * Decides one request.
   *
   * @param heldAtSlot the block held at the request's slot, read when {@link #needsHistory}
   */
  public static SigningDecision check(
      final BlockSigningRequest request,
      final ValidatorState state,
      final Optional<SignedBlockRecord> heldAtSlot) {
    final OptionalLong watermark = state.slotWatermark();
    if (watermark.isPresent() && UInt64.atMost(request.slot(), watermark.getAsLong())) {
      return SigningDecision.refused(
          RefusalReason.SLOT_AT_OR_BELOW_LOW_WATERMARK,
          "slot "
              + UInt64.toString(request.slot())
              + " <= low watermark "
              + UInt64.toString(watermark.getAsLong()));
    }
    if (!needsHistory(state, request) || heldAtSlot.isEmpty()) {
      return SigningDecision.allowed();
    }
    if (heldAtSlot.get().signingRoot().filter(request.signingRoot()::equals).isPresent()) {
      return SigningDecision.repeat();
    }
    return SigningDecision.refused(
        RefusalReason.DOUBLE_PROPOSAL,
        "another block was signed at slot " + UInt64.toString(request.slot()));
  }
}
