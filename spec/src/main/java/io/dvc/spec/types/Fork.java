package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** Fork: the fork versions around a fork epoch. */
public record Fork(Bytes previousVersion, Bytes currentVersion, long epoch) {}
