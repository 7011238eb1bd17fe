package io.dvc.node.workflow;

import io.dvc.consensus.Value;
import io.dvc.consensus.ValueHasher;
import io.dvc.spec.Schemas;
import io.dvc.spec.types.AttestationData;

/**
 * The consensus value of an attestation slot: the SSZ of the AttestationData with committee index
 * 0, i.e. slot, beacon_block_root, source and target — the same for every committee. The committee
 * index is filled in per validator after the decision (before Electra).
 */
public final class AttestationValues {
  private final Schemas schemas;

  public AttestationValues(final Schemas schemas) {
    this.schemas = schemas;
  }

  public Value encode(final AttestationData data) {
    return Value.of(schemas.attestationData.serialize(withIndex(data, 0)), ValueHasher.SHA256);
  }

  /** Decodes a value; throws SszException on malformed bytes. */
  public AttestationData decode(final Value value) {
    return schemas.attestationData.deserialize(value.bytes());
  }

  public static AttestationData withIndex(final AttestationData data, final long index) {
    return new AttestationData(
        data.slot(), index, data.beaconBlockRoot(), data.source(), data.target());
  }
}
