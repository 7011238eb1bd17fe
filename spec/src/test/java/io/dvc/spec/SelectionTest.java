package io.dvc.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Aggregator selection against values computed independently (Python's hashlib: the first 8 bytes
 * of sha256 of the proof as a little-endian integer, modulo the selection modulus).
 */
class SelectionTest {
  /** Byte i = (7i + seed) mod 256. */
  private static byte[] proof(final int seed) {
    final byte[] proof = new byte[96];
    for (int i = 0; i < proof.length; i++) {
      proof[i] = (byte) ((i * 7 + seed) % 256);
    }
    return proof;
  }

  @Test
  void attestationAggregatorIsDecidedByTheProofModuloCommitteeLengthOverSixteen() {
    // seed 0: 6417143651410464896 ≡ 0 (mod 4), ≡ 8 (mod 9); seed 2: 14942745332811143327 ≡ 3 (mod
    // 4)
    assertThat(Selection.isAggregator(64, proof(0))).isTrue();
    assertThat(Selection.isAggregator(150, proof(0))).isFalse();
    assertThat(Selection.isAggregator(64, proof(2))).isFalse();
    assertThat(Selection.isAggregator(31, proof(2))).as("committees under 32: everyone").isTrue();
    assertThat(Selection.isAggregator(0, proof(2))).as("max(1, ...)").isTrue();
  }

  @Test
  void syncAggregatorModulusIsEightOnMainnetAndOneOnMinimal() {
    // seed 0 ≡ 0 (mod 8); seed 2 ≡ 7 (mod 8)
    assertThat(Selection.isSyncCommitteeAggregator(Preset.MAINNET, proof(0))).isTrue();
    assertThat(Selection.isSyncCommitteeAggregator(Preset.MAINNET, proof(2))).isFalse();
    assertThat(Selection.isSyncCommitteeAggregator(Preset.MINIMAL, proof(2))).isTrue();
  }

  @Test
  void aProofThatIsNotASignatureIsRefused() {
    assertThatThrownBy(() -> Selection.isAggregator(64, new byte[48]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("96 bytes");
  }
}
