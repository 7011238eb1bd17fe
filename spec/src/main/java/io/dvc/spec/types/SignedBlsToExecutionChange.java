package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** SignedBLSToExecutionChange (Capella on). */
public record SignedBlsToExecutionChange(BlsToExecutionChange message, Bytes signature) {}
