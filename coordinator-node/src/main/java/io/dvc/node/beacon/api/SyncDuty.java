package io.dvc.node.beacon.api;

import io.dvc.spec.ssz.Bytes;
import java.util.List;

/** One entry of {@code /eth/v1/validator/duties/sync/{epoch}}. */
public record SyncDuty(
    Bytes pubkey, long validatorIndex, List<Long> validatorSyncCommitteeIndices) {
  public SyncDuty {
    validatorSyncCommitteeIndices = List.copyOf(validatorSyncCommitteeIndices);
  }
}
