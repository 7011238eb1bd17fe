package io.dvc.node.monitor;

/**
 * What the chain shows of one sync committee member's message of one slot: whether the next block's
 * sync aggregate carries it (read from that block's sync committee rewards: not negative = its
 * positions' bits are set, or at least as many set as unset). A slot whose next slot has no block
 * is no check at all: the missing block is not the member's fault.
 *
 * @param slot the slot of the message (the block that carries it is at {@code slot + 1})
 */
public record SyncCheck(long slot, long validatorIndex, boolean participated) {}
