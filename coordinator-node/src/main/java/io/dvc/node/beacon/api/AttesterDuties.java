package io.dvc.node.beacon.api;

import io.dvc.spec.ssz.Bytes;
import java.util.List;

/** Attester duties of one epoch and the dependent root they were computed from. */
public record AttesterDuties(Bytes dependentRoot, List<AttesterDuty> duties) {
  public AttesterDuties {
    duties = List.copyOf(duties);
  }
}
