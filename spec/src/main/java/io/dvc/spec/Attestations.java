package io.dvc.spec;

import io.dvc.spec.ssz.Bits;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.ElectraAttestation;
import io.dvc.spec.types.Phase0Attestation;
import io.dvc.spec.types.SingleAttestation;

/** Building attestations of one validator in the phase0 and Electra forms. */
public final class Attestations {
  private Attestations() {}

  /**
   * A phase0-form attestation (before Electra) of the validator at {@code positionInCommittee} of a
   * committee of {@code committeeLength}; {@code data.index} names the committee.
   */
  public static Phase0Attestation phase0(
      final AttestationData data,
      final int committeeLength,
      final int positionInCommittee,
      final io.dvc.spec.ssz.Bytes signature) {
    return new Phase0Attestation(Bits.of(committeeLength, positionInCommittee), data, signature);
  }

  /**
   * The Electra-form attestation of a SingleAttestation: committee_bits has only the committee's
   * bit, aggregation_bits covers that one committee. {@code data.index} must be 0.
   */
  public static ElectraAttestation electra(
      final SingleAttestation single,
      final int committeeLength,
      final int positionInCommittee,
      final Preset preset) {
    if (single.data().index() != 0) {
      throw new IllegalArgumentException(
          "an Electra attestation has data.index 0, got "
              + Long.toUnsignedString(single.data().index()));
    }
    if (Long.compareUnsigned(single.committeeIndex(), preset.maxCommitteesPerSlot()) >= 0) {
      throw new IllegalArgumentException(
          "committee index "
              + Long.toUnsignedString(single.committeeIndex())
              + " is not below MAX_COMMITTEES_PER_SLOT "
              + preset.maxCommitteesPerSlot());
    }
    return new ElectraAttestation(
        Bits.of(committeeLength, positionInCommittee),
        single.data(),
        single.signature(),
        Bits.of((int) preset.maxCommitteesPerSlot(), (int) single.committeeIndex()));
  }
}
