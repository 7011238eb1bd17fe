package io.dvc.node.beacon.api;

import io.dvc.spec.ssz.Bytes;

/** One element of {@code /eth/v1/validator/prepare_beacon_proposer}: a 20-byte fee recipient. */
public record ProposerPreparation(long validatorIndex, Bytes feeRecipient) {}
