package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Sha256;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShufflingTest {
  @Test
  void wholeListShuffleIsThePerIndexShuffleAndAPermutation() {
    for (final int n : new int[] {1, 2, 3, 255, 256, 257, 1000}) {
      final Bytes seed = Bytes.of(Sha256.hash(new byte[] {(byte) n}));
      final int[] shuffled = Shuffling.shuffledIndices(n, seed, 90);
      for (int i = 0; i < n; i++) {
        assertThat(shuffled[i]).isEqualTo(Shuffling.shuffledIndex(i, n, seed, 90));
      }
      assertThat(Arrays.stream(shuffled).sorted().toArray())
          .isEqualTo(IntStream.range(0, n).toArray());
      if (n > 3) {
        assertThat(shuffled).isNotEqualTo(IntStream.range(0, n).toArray());
      }
    }
  }

  @Test
  void slashableKinds() {
    final var zero = Bytes.zero(32);
    final var one = Bytes.of(Sha256.hash(new byte[] {1}));
    final var a = data(5, zero, 1, 2);
    assertThat(AttestationLedger.slashableKind(a, a)).isNull();
    assertThat(AttestationLedger.slashableKind(a, data(5, one, 1, 2))).isEqualTo("double_vote");
    assertThat(AttestationLedger.slashableKind(data(9, zero, 0, 3), a)).isEqualTo("surround_vote");
    assertThat(AttestationLedger.slashableKind(a, data(9, zero, 0, 3))).isEqualTo("surround_vote");
    assertThat(AttestationLedger.slashableKind(a, data(9, zero, 2, 3))).isNull();
    assertThat(AttestationLedger.slashableKind(a, data(9, zero, 1, 3))).isNull();
  }

  private static io.dvc.spec.types.AttestationData data(
      final long slot, final Bytes root, final long source, final long target) {
    return new io.dvc.spec.types.AttestationData(
        slot,
        0,
        root,
        new io.dvc.spec.types.Checkpoint(source, root),
        new io.dvc.spec.types.Checkpoint(target, root));
  }
}
