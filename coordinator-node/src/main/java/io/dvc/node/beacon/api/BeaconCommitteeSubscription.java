package io.dvc.node.beacon.api;

/** One element of {@code /eth/v1/validator/beacon_committee_subscriptions}. */
public record BeaconCommitteeSubscription(
    long validatorIndex,
    long committeeIndex,
    long committeesAtSlot,
    long slot,
    boolean isAggregator) {}
