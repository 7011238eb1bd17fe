package io.dvc.node.pipeline;

/**
 * Which signature of a duty round: the validator, and the part (0 unless the duty signs several
 * messages per validator in one round, e.g. one per sync subcommittee).
 */
public record SignatureKey(long validatorIndex, int part) {}
