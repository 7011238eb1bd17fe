package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** ValidatorRegistrationV1 (builder API). */
public record ValidatorRegistrationV1(
    Bytes feeRecipient, long gasLimit, long timestamp, Bytes pubkey) {}
