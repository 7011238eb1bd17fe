package io.dvc.beaconsim;

import io.dvc.spec.types.AttestationData;

/**
 * Two attestations of one validator that together are slashable (is_slashable_attestation_data).
 *
 * @param kind {@code double_vote} (same target epoch, different data) or {@code surround_vote}
 * @param first the attestation recorded earlier
 * @param second the attestation that completed the pair
 * @param detectedAtSlot the simulator's head slot when the second one arrived
 */
public record SlashablePair(
    String kind,
    int validatorIndex,
    String publicKey,
    AttestationData first,
    AttestationData second,
    long detectedAtSlot) {
  public static final String DOUBLE_VOTE = "double_vote";
  public static final String SURROUND_VOTE = "surround_vote";
}
