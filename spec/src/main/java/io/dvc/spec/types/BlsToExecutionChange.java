package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** BLSToExecutionChange (Capella on). */
public record BlsToExecutionChange(
    long validatorIndex, Bytes fromBlsPubkey, Bytes toExecutionAddress) {}
