package io.dvc.slashing;

import java.util.List;
import java.util.OptionalLong;

/**
 * The attestation rules of slashing protection, with no I/O: source after target, low watermarks,
 * double votes and surround votes (phase0 {@code is_slashable_attestation_data}).
 */
public final class AttestationRules {
  private AttestationRules() {}

  /**
   * True when the decision needs the validator's stored attestations: only when the target is not
   * above every target already held. Otherwise {@link #check} decides from the state alone.
   */
  public static boolean needsHistory(
      final ValidatorState state, final AttestationSigningRequest request) {
    final OptionalLong maxTarget = state.maxTargetEpoch();
    return maxTarget.isPresent() && UInt64.atMost(request.targetEpoch(), maxTarget.getAsLong());
  }

  /**
   * Decides one request.
   *
   * @param history when {@link #needsHistory} is true, the validator's attestations with target >=
   *     the request's source (older ones cannot conflict; see {@code SlashingHistory}), else
   *     ignored
   */
  public static SigningDecision check(
      final AttestationSigningRequest request,
      final ValidatorState state,
      final List<SignedAttestationRecord> history) {
    final long source = request.sourceEpoch();
    final long target = request.targetEpoch();
    if (UInt64.lessThan(target, source)) {
      return SigningDecision.refused(
          RefusalReason.SOURCE_AFTER_TARGET,
          "source epoch " + UInt64.toString(source) + " > target epoch " + UInt64.toString(target));
    }
    if (state.sourceEpochWatermark().isPresent()
        && UInt64.lessThan(source, state.sourceEpochWatermark().getAsLong())) {
      return SigningDecision.refused(
          RefusalReason.SOURCE_BELOW_LOW_WATERMARK,
          "source epoch "
              + UInt64.toString(source)
              + " < low watermark "
              + UInt64.toString(state.sourceEpochWatermark().getAsLong()));
    }
    if (state.targetEpochWatermark().isPresent()
        && UInt64.atMost(target, state.targetEpochWatermark().getAsLong())) {
      return SigningDecision.refused(
          RefusalReason.TARGET_AT_OR_BELOW_LOW_WATERMARK,
          "target epoch "
              + UInt64.toString(target)
              + " <= low watermark "
              + UInt64.toString(state.targetEpochWatermark().getAsLong()));
    }
    if (!needsHistory(state, request)) {
      return checkAboveHistory(request, state);
    }
    return checkAgainstHistory(request, history);
  }

  /** Target above every held target: only "surrounds an older vote" is possible. */
  private static SigningDecision checkAboveHistory(
      final AttestationSigningRequest request, final ValidatorState state) {
    final OptionalLong maxSource = state.maxSourceEpoch();
    if (maxSource.isPresent() && UInt64.lessThan(request.sourceEpoch(), maxSource.getAsLong())) {
      return SigningDecision.refused(
          RefusalReason.SURROUNDING_VOTE,
          "source epoch "
              + UInt64.toString(request.sourceEpoch())
              + " is below source epoch "
              + UInt64.toString(maxSource.getAsLong())
              + " of an earlier target");
    }
    return SigningDecision.allowed();
  }

  private static SigningDecision checkAgainstHistory(
      final AttestationSigningRequest request, final List<SignedAttestationRecord> history) {
    final long source = request.sourceEpoch();
    final long target = request.targetEpoch();
    boolean repeat = false;
    for (final SignedAttestationRecord held : history) {
      if (held.targetEpoch() == target) {
        if (held.sourceEpoch() == source
            && held.signingRoot().filter(request.signingRoot()::equals).isPresent()) {
          repeat = true;
        } else {
          return SigningDecision.refused(
              RefusalReason.DOUBLE_VOTE, "another attestation has target " + describe(held));
        }
      } else if (UInt64.lessThan(held.sourceEpoch(), source)
          && UInt64.lessThan(target, held.targetEpoch())) {
        return SigningDecision.refused(
            RefusalReason.SURROUNDED_VOTE, "surrounded by signed " + describe(held));
      } else if (UInt64.lessThan(source, held.sourceEpoch())
          && UInt64.lessThan(held.targetEpoch(), target)) {
        return SigningDecision.refused(
            RefusalReason.SURROUNDING_VOTE, "surrounds signed " + describe(held));
      }
    }
    return repeat ? SigningDecision.repeat() : SigningDecision.allowed();
  }

  private static String describe(final SignedAttestationRecord held) {
    return "(source "
        + UInt64.toString(held.sourceEpoch())
        + ", target "
        + UInt64.toString(held.targetEpoch())
        + ")";
  }
}
