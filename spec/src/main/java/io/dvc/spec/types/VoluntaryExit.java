package io.dvc.spec.types;

/** VoluntaryExit. */
public record VoluntaryExit(long epoch, long validatorIndex) {}
