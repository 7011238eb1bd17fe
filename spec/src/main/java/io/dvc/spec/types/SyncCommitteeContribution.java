package io.dvc.spec.types;

import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;

/** SyncCommitteeContribution (Altair on). */
public record SyncCommitteeContribution(
    long slot,
    Bytes beaconBlockRoot,
    long subcommitteeIndex,
    Bits aggregationBits,
    Bytes signature) {}
