package io.dvc.node.beacon.api;

/**
 * The answer of {@code /eth/v1/node/syncing}; {@code isOptimistic} and {@code elOffline} are false
 * when a node (of an older version) does not report them.
 */
public record SyncStatus(
    long headSlot, long syncDistance, boolean isSyncing, boolean isOptimistic, boolean elOffline) {}
