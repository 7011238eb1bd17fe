package io.dvc.node.beacon.api;

import io.dvc.spec.ssz.Bytes;

/** One entry of {@code /eth/v1/validator/duties/attester/{epoch}}. */
public record AttesterDuty(
    Bytes pubkey,
    long validatorIndex,
    long committeeIndex,
    long committeeLength,
    long committeesAtSlot,
    long validatorCommitteeIndex,
    long slot) {}
