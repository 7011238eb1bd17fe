package io.dvc.beaconsim;

/**
 * A validator's attester duty in an epoch: its beacon committee and its position in it.
 *
 * @param committeeIndex the committee within the slot (0..committeesAtSlot-1)
 * @param validatorCommitteeIndex the position of the validator in the committee
 */
public record CommitteeAssignment(
    int validatorIndex,
    long slot,
    int committeeIndex,
    int committeeLength,
    int committeesAtSlot,
    int validatorCommitteeIndex) {}
