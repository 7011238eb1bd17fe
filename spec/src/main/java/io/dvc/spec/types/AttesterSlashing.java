package io.dvc.spec.types;

/**
 * AttesterSlashing (phase0 and Electra forms differ only in the limits of their indexed
 * attestations).
 */
public record AttesterSlashing(IndexedAttestation attestation1, IndexedAttestation attestation2) {}
