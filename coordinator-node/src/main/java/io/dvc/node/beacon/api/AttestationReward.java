package io.dvc.node.beacon.api;

/**
 * One validator's attestation rewards of an epoch in Gwei (signed: a missed source or target is a
 * penalty), from {@code /eth/v1/beacon/rewards/attestations/{epoch}}.
 */
public record AttestationReward(long validatorIndex, long head, long target, long source) {}
