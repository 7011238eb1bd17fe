package io.dvc.node.beacon.api;

import java.util.List;

/** One element of {@code /eth/v1/validator/sync_committee_subscriptions}. */
public record SyncCommitteeSubscription(
    long validatorIndex, List<Long> syncCommitteeIndices, long untilEpoch) {
  public SyncCommitteeSubscription {
    syncCommitteeIndices = List.copyOf(syncCommitteeIndices);
  }
}
