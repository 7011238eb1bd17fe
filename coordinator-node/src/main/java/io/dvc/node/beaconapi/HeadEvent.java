package io.dvc.node.beaconapi;

/** The {@code head} event of the beacon node's event stream. */
public record HeadEvent(
    long slot, byte[] block, byte[] previousDutyDependentRoot, byte[] currentDutyDependentRoot) {}
