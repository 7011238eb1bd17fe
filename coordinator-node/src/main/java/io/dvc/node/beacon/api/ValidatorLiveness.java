package io.dvc.node.beacon.api;

/** One entry of {@code /eth/v1/validator/liveness/{epoch}}. */
public record ValidatorLiveness(long index, boolean isLive) {}
