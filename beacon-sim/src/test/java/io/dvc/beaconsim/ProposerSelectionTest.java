package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Sha256;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * compute_proposer_index against values from an independent transcription of the consensus specs'
 * phase0 and Electra functions (Python, hashlib; seeds are sha256 of five equal bytes {@code tag}).
 */
class ProposerSelectionTest {
  private static final long GWEI_PER_ETH = 1_000_000_000L;

  @ParameterizedTest(name = "{0} validators, seed tag {1}")
  @CsvSource({
    // count, tag, phase0 32 ETH, electra 32 of 2048 ETH, electra 10 rounds, phase0 1 of 32 ETH
    "100, 1, 31, 28, 41, 73",
    "1000, 2, 974, 742, 340, 960",
    "37, 3, 36, 11, 9, 6"
  })
  void matchesTheSpecFunctions(
      final int count,
      final int tag,
      final int phase0,
      final int electra,
      final int electraTenRounds,
      final int phase0LowBalance) {
    final byte[] input = new byte[5];
    java.util.Arrays.fill(input, (byte) tag);
    final Bytes seed = Bytes.of(Sha256.hash(input));
    final long max = 32 * GWEI_PER_ETH;
    final long maxElectra = 2048 * GWEI_PER_ETH;
    assertThat(ProposerSelection.computeProposerIndex(count, seed, 90, false, max, max))
        .isEqualTo(phase0);
    assertThat(ProposerSelection.computeProposerIndex(count, seed, 90, true, max, maxElectra))
        .isEqualTo(electra);
    assertThat(ProposerSelection.computeProposerIndex(count, seed, 10, true, max, maxElectra))
        .isEqualTo(electraTenRounds);
    assertThat(ProposerSelection.computeProposerIndex(count, seed, 90, false, GWEI_PER_ETH, max))
        .isEqualTo(phase0LowBalance);
  }
}
