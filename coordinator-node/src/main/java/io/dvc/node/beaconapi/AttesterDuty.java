package io.dvc.node.beaconapi;

/** One entry of {@code /eth/v1/validator/duties/attester/{epoch}}. */
public record AttesterDuty(
    byte[] pubkey,
    long validatorIndex,
    long committeeIndex,
    long committeeLength,
    long committeesAtSlot,
    long validatorCommitteeIndex,
    long slot) {}
