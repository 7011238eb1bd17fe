package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/**
 * SingleAttestation (Electra on): one validator's attestation as submitted by a validator client.
 */
public record SingleAttestation(
    long committeeIndex, long attesterIndex, AttestationData data, Bytes signature) {}
