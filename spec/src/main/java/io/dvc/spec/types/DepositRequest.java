package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** DepositRequest (Electra on). */
public record DepositRequest(
    Bytes pubkey, Bytes withdrawalCredentials, long amount, Bytes signature, long index) {}
