package io.dvc.node.beacon.api;

/**
 * One sync committee member's reward for one block's sync aggregate in Gwei, summed over its
 * positions (signed: a position whose bit is unset is a penalty), from {@code
 * /eth/v1/beacon/rewards/sync_committee/{block_id}}.
 */
public record SyncCommitteeReward(long validatorIndex, long reward) {}
