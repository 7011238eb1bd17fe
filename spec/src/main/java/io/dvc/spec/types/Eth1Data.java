package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** Eth1Data. */
public record Eth1Data(Bytes depositRoot, long depositCount, Bytes blockHash) {}
