package io.dvc.node.beacon.api;

import io.dvc.spec.ssz.Bytes;

/** The canonical block of a slot as {@code /eth/v1/beacon/headers/{slot}} gives it. */
public record BlockHeaderInfo(long slot, long proposerIndex, Bytes root) {}
