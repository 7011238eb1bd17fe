package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** SignedVoluntaryExit. */
public record SignedVoluntaryExit(VoluntaryExit message, Bytes signature) {}
