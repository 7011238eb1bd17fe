package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** SignedBeaconBlock. */
public record SignedBeaconBlock(BeaconBlock message, Bytes signature) {}
