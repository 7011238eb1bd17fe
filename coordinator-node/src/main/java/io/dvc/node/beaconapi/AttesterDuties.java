package io.dvc.node.beaconapi;

import java.util.List;

/** Attester duties of one epoch and the dependent root they were computed from. */
public record AttesterDuties(byte[] dependentRoot, List<AttesterDuty> duties) {
  public AttesterDuties {
    duties = List.copyOf(duties);
  }
}
