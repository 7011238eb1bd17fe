package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** Checkpoint: an epoch and the block root at its start. */
public record Checkpoint(long epoch, Bytes root) {}
