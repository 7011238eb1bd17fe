package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** SignedBeaconBlockHeader. */
public record SignedBeaconBlockHeader(BeaconBlockHeader message, Bytes signature) {}
