package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;
import java.util.List;

/**
 * BlockContents (Beacon API, Deneb on): a full block with the KZG proofs and blobs a proposer
 * publishes with it (from Fulu on the proofs are cell proofs).
 */
public record BlockContents(BeaconBlock block, List<Bytes> kzgProofs, List<Bytes> blobs) {
  public BlockContents {
    kzgProofs = List.copyOf(kzgProofs);
    blobs = List.copyOf(blobs);
  }
}
