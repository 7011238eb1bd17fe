package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** SignedAggregateAndProof. */
public record SignedAggregateAndProof(AggregateAndProof message, Bytes signature) {}
