package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** WithdrawalRequest (Electra on). */
public record WithdrawalRequest(Bytes sourceAddress, Bytes validatorPubkey, long amount) {}
