package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** BeaconBlock of any fork; the body's record type names the fork. */
public record BeaconBlock(
    long slot, long proposerIndex, Bytes parentRoot, Bytes stateRoot, BeaconBlockBody body) {}
