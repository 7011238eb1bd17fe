package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** BlindedBeaconBlock (Bellatrix on): the body carries an execution payload header. */
public record BlindedBeaconBlock(
    long slot,
    long proposerIndex,
    Bytes parentRoot,
    Bytes stateRoot,
    BlindedBeaconBlockBody body) {}
