package io.dvc.app.lodestar;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.app.lodestar.ChainInclusion.SyncTally;
import io.dvc.app.lodestar.ChainProbe.BlockContent;
import io.dvc.app.lodestar.ChainProbe.Committee;
import io.dvc.app.lodestar.ChainProbe.IncludedAttestation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainInclusionTest {
  @Test
  void anAttestationCountsOnlyWithItsSeatsBitInAnAttestationOfItsSlotAndCommittee() {
    final ChainInclusion inclusion = new ChainInclusion();
    inclusion.committees(
        3,
        List.of(
            new Committee(24, 0, List.of(4, 5)),
            new Committee(25, 0, List.of(6)),
            new Committee(26, 0, List.of(7))));
    inclusion.block(
        new BlockContent(
            25,
            List.of(
                // committee of slot 24: bit 1 (validator 5) and the delimiter at 2
                new IncludedAttestation(24, 0, new byte[] {0b110}),
                // slot 25's committee: only the delimiter, no aggregation bit
                new IncludedAttestation(25, 0, new byte[] {0b10}),
                // validator 7's seat, but the committee index is another one
                new IncludedAttestation(26, 1, new byte[] {0b11})),
            new byte[4]),
        null);
    assertThat(inclusion.notIncluded(3, 3, List.of(4, 5, 6, 7)))
        .isEqualTo(Map.of(3L, List.of(4, 6, 7)));
    assertThat(inclusion.notIncluded(4, 5, List.of(4))).isEmpty();
  }

  @Test
  void syncBitsAreCountedPerSeatOfTheBlocksCommittee() {
    final ChainInclusion inclusion = new ChainInclusion();
    final List<Integer> committee = List.of(4, 0, 4, 5, 0, 0, 0, 0, 0);
    // bits 0 and 3 set: validator 4 at seat 0 (not at seat 2), validator 5 at seat 3
    inclusion.block(new BlockContent(9, List.of(), new byte[] {0b1001, 0}), committee);
    inclusion.block(new BlockContent(10, List.of(), new byte[] {0, 0}), committee);
    inclusion.block(new BlockContent(11, List.of(), new byte[] {(byte) 0xff, 1}), null);
    assertThat(inclusion.syncBlocks()).isEqualTo(2);
    assertThat(inclusion.syncParticipation())
        .containsEntry(4, new SyncTally(4, 1))
        .containsEntry(5, new SyncTally(2, 1))
        .containsEntry(0, new SyncTally(12, 0));
  }

  @Test
  void bitlistLengthIsThePositionOfTheDelimitingBit() {
    assertThat(ChainInclusion.bitlistLength(new byte[] {0b1})).isZero();
    assertThat(ChainInclusion.bitlistLength(new byte[] {(byte) 0xff, 0b1})).isEqualTo(8);
    assertThat(ChainInclusion.bitlistLength(new byte[] {0})).isZero();
    assertThat(ChainInclusion.bit(new byte[] {0, 0b100}, 10)).isTrue();
    assertThat(ChainInclusion.bit(new byte[] {0, 0b100}, 9)).isFalse();
    assertThat(ChainInclusion.bit(new byte[] {0}, 40)).isFalse();
  }
}
