package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Sha256;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * get_next_sync_committee_indices against values from an independent transcription of the consensus
 * specs' Altair and Electra functions (Python, hashlib; seeds are sha256 of five equal bytes {@code
 * tag}; 32 members, every validator with 32 ETH), and the periods the simulator gives its
 * committees.
 */
@Timeout(60)
class SyncCommitteeSelectionTest {
  private static final long GWEI_PER_ETH = 1_000_000_000L;

  @ParameterizedTest(name = "{0} validators, seed tag {1}, electra {2}, {3} rounds")
  @CsvSource({
    "100, 1, false, 90, 31 43 19 90 75 82 67 64 92 93 65 98 61 87 28 5 45 6 9 70 42 49 44 59 46 52"
        + " 48 84 23 1 72 83",
    "100, 1, true, 90, 28 21 2 20 28 6 70 49 49 39 70 16 72 82 96 89 99 97 55 44 44 46 18 95 30 48"
        + " 1 51 71 8 93 99",
    "100, 1, true, 10, 41 72 80 59 41 2 71 56 56 26 71 57 19 76 65 61 35 8 25 97 97 15 93 1 54 24 0"
        + " 81 85 96 33 35",
    "37, 3, false, 90, 36 28 34 27 4 23 26 7 17 1 6 8 10 22 25 33 15 13 2 16 12 0 24 3 21 29 19 32"
        + " 9 30 14 11",
    "37, 3, true, 90, 11 24 8 20 31 0 35 23 35 29 19 14 3 35 25 1 2 15 32 12 35 4 1 24 34 7 13 16"
        + " 11 29 16 6",
    "37, 3, true, 10, 9 24 11 33 23 31 0 18 0 8 1 16 34 0 32 28 22 12 19 13 0 29 28 24 21 5 15 3 9"
        + " 8 3 36"
  })
  void matchesTheSpecFunction(
      final int count,
      final int tag,
      final boolean electra,
      final int rounds,
      final String expected) {
    final byte[] input = new byte[5];
    Arrays.fill(input, (byte) tag);
    final Bytes seed = Bytes.of(Sha256.hash(input));
    final long max = (electra ? 2048 : 32) * GWEI_PER_ETH;
    final int[] members =
        ProposerSelection.sampleByBalance(count, seed, rounds, electra, 32 * GWEI_PER_ETH, max, 32);
    assertThat(members)
        .containsExactly(Arrays.stream(expected.split(" ")).mapToInt(Integer::parseInt).toArray());
  }

  @Test
  void genesisSharesOneCommitteeForTwoPeriodsAndTheLastSlotOfAPeriodBelongsToTheNext() {
    try (SimFixture fx = new SimFixture(0, 64, Preset.MINIMAL, ForkName.ELECTRA)) {
      final SimChain chain = fx.sim.chain();
      // minimal: 8 epochs of 8 slots per period
      assertThat(chain.syncCommittee(0)).containsExactly(chain.syncCommittee(1));
      assertThat(chain.syncCommittee(2)).isNotEqualTo(chain.syncCommittee(1));
      assertThat(chain.syncCommittee(2)).hasSize(32);
      assertThat(chain.syncCommitteeSeedEpoch(2)).isEqualTo(8);
      assertThat(chain.syncCommitteeSeedEpoch(3)).isEqualTo(16);
      assertThat(chain.syncCommitteePeriodOfSlot(126)).isEqualTo(1);
      assertThat(chain.syncCommitteePeriodOfSlot(127)).isEqualTo(2);
      assertThat(chain.syncCommitteeAtSlot(127)).containsExactly(chain.syncCommittee(2));
    }
  }
}
