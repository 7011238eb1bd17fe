package io.dvc.beaconsim;

import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.BeaconBlockHeader;

/**
 * Two blocks of one proposer for one slot with different roots, both correctly signed: what a
 * ProposerSlashing proves (is_slashable: same slot and proposer, different headers).
 *
 * @param first the block recorded earlier
 * @param second the block that completed the pair
 * @param detectedAtSlot the simulator's clock slot when the second one arrived
 */
public record SlashableProposal(
    int validatorIndex,
    String publicKey,
    long slot,
    BeaconBlockHeader first,
    Bytes firstRoot,
    BeaconBlockHeader second,
    Bytes secondRoot,
    long detectedAtSlot) {
  public static final String DOUBLE_PROPOSAL = "double_proposal";
}
