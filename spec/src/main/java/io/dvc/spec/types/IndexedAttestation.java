package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;
import java.util.List;

/** IndexedAttestation (phase0 and Electra forms differ only in the limit of the index list). */
public record IndexedAttestation(
    List<Long> attestingIndices, AttestationData data, Bytes signature) {
  public IndexedAttestation {
    attestingIndices = List.copyOf(attestingIndices);
  }
}
