package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** SignedBlindedBeaconBlock. */
public record SignedBlindedBeaconBlock(BlindedBeaconBlock message, Bytes signature) {}
