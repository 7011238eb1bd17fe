package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** BeaconBlockHeader: the header of a full or a blinded block (same root). */
public record BeaconBlockHeader(
    long slot, long proposerIndex, Bytes parentRoot, Bytes stateRoot, Bytes bodyRoot) {}
