package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** DepositData: a deposit as sent to the deposit contract. */
public record DepositData(
    Bytes pubkey, Bytes withdrawalCredentials, long amount, Bytes signature) {}
