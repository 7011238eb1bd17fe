package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;
import java.util.List;

/** SignedBlockContents (Beacon API, Deneb on): what a proposer publishes for a full block. */
public record SignedBlockContents(
    SignedBeaconBlock signedBlock, List<Bytes> kzgProofs, List<Bytes> blobs) {
  public SignedBlockContents {
    kzgProofs = List.copyOf(kzgProofs);
    blobs = List.copyOf(blobs);
  }
}
