package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** AttestationData: what an attester votes for. From Electra on, {@code index} is 0. */
public record AttestationData(
    long slot, long index, Bytes beaconBlockRoot, Checkpoint source, Checkpoint target) {}
