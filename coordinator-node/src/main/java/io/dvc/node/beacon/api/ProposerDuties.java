package io.dvc.node.beacon.api;

import io.dvc.spec.ssz.Bytes;
import java.util.List;

/** The proposers of one epoch (every validator's, not only ours) and their dependent root. */
public record ProposerDuties(Bytes dependentRoot, List<ProposerDuty> duties) {
  public ProposerDuties {
    duties = List.copyOf(duties);
  }
}
