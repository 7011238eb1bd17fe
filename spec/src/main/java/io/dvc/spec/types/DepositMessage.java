package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** DepositMessage: what a deposit signature signs. */
public record DepositMessage(Bytes pubkey, Bytes withdrawalCredentials, long amount) {}
