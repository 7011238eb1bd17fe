package io.dvc.node.beacon.api;

import io.dvc.spec.ssz.Bytes;

/** One entry of {@code /eth/v1/validator/duties/proposer/{epoch}}. */
public record ProposerDuty(Bytes pubkey, long validatorIndex, long slot) {}
