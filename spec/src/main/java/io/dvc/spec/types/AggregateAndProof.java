package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/**
 * AggregateAndProof; {@code aggregate} is a {@link Phase0Attestation} before Electra and an {@link
 * ElectraAttestation} after.
 */
public record AggregateAndProof(
    long aggregatorIndex, Attestation aggregate, Bytes selectionProof) {}
