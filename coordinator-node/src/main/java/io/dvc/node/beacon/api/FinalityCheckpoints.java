package io.dvc.node.beacon.api;

/** The epochs of the head state's checkpoints ({@code finality_checkpoints}). */
public record FinalityCheckpoints(long currentJustifiedEpoch, long finalizedEpoch) {}
