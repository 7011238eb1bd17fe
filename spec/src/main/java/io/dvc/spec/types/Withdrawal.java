package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** Withdrawal (Capella on). */
public record Withdrawal(long index, long validatorIndex, Bytes address, long amount) {}
