package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** SyncCommitteeMessage (Altair on). */
public record SyncCommitteeMessage(
    long slot, Bytes beaconBlockRoot, long validatorIndex, Bytes signature) {}
