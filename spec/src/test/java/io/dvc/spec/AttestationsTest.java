package io.dvc.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Checkpoint;
import io.dvc.spec.types.ElectraAttestation;
import io.dvc.spec.types.SingleAttestation;
import org.junit.jupiter.api.Test;

class AttestationsTest {
  private static AttestationData data(final long index) {
    return new AttestationData(
        100,
        index,
        Bytes.zero(32),
        new Checkpoint(2, Bytes.zero(32)),
        new Checkpoint(3, Bytes.zero(32)));
  }

  @Test
  void electraFormOfASingleAttestationSetsOneCommitteeBitAndOneAggregationBit() {
    final SingleAttestation single = new SingleAttestation(5, 777, data(0), Bytes.zero(96));
    final ElectraAttestation attestation = Attestations.electra(single, 130, 17, Preset.MAINNET);
    assertThat(attestation.committeeBits().size()).isEqualTo(64);
    assertThat(attestation.committeeBits().bitCount()).isEqualTo(1);
    assertThat(attestation.committeeBits().get(5)).isTrue();
    assertThat(attestation.aggregationBits().size()).isEqualTo(130);
    assertThat(attestation.aggregationBits().get(17)).isTrue();
    assertThat(attestation.aggregationBits().bitCount()).isEqualTo(1);
    final SingleAttestation minimal = new SingleAttestation(3, 777, data(0), Bytes.zero(96));
    assertThat(Attestations.electra(minimal, 130, 17, Preset.MINIMAL).committeeBits().size())
        .isEqualTo(4);
  }

  @Test
  void electraAttestationNeedsIndexZeroAndAValidCommittee() {
    assertThatThrownBy(
            () ->
                Attestations.electra(
                    new SingleAttestation(5, 1, data(5), Bytes.zero(96)), 10, 1, Preset.MAINNET))
        .hasMessageContaining("data.index 0");
    assertThatThrownBy(
            () ->
                Attestations.electra(
                    new SingleAttestation(4, 1, data(0), Bytes.zero(96)), 10, 1, Preset.MINIMAL))
        .hasMessageContaining("MAX_COMMITTEES_PER_SLOT 4");
  }

  @Test
  void phase0FormSetsThePositionBit() {
    assertThat(Attestations.phase0(data(3), 64, 63, Bytes.zero(96)).aggregationBits().get(63))
        .isTrue();
  }
}
