package io.dvc.beaconsim;

import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Sha256;

/**
 * compute_shuffled_index of the consensus specs (swap-or-not, SHUFFLE_ROUND_COUNT rounds), for a
 * whole list at once: the per-round pivots and source hashes are computed once and shared by every
 * index, so shuffling n indices costs {@code rounds * (1 + n / 256)} hashes.
 */
public final class Shuffling {
  private Shuffling() {}

  /**
   * {@code result[i] = compute_shuffled_index(i, indexCount, seed)} for every {@code i}.
   *
   * @param seed 32 bytes
   */
  public static int[] shuffledIndices(final int indexCount, final Bytes seed, final int rounds) {
    final int[] result = new int[indexCount];
    for (int i = 0; i < indexCount; i++) {
      result[i] = i;
    }
    if (indexCount <= 1) {
      return result;
    }
    final int chunks = (indexCount + 255) / 256;
    for (int round = 0; round < rounds; round++) {
      final byte[] pivotInput = new byte[33];
      seed.copyTo(pivotInput, 0);
      pivotInput[32] = (byte) round;
      final long pivot =
          Long.remainderUnsigned(littleEndian64(Sha256.hash(pivotInput)), indexCount);
      final byte[][] sources = new byte[chunks][];
      for (int chunk = 0; chunk < chunks; chunk++) {
        final byte[] sourceInput = new byte[37];
        seed.copyTo(sourceInput, 0);
        sourceInput[32] = (byte) round;
        sourceInput[33] = (byte) chunk;
        sourceInput[34] = (byte) (chunk >>> 8);
        sourceInput[35] = (byte) (chunk >>> 16);
        sourceInput[36] = (byte) (chunk >>> 24);
        sources[chunk] = Sha256.hash(sourceInput);
      }
      for (int i = 0; i < indexCount; i++) {
        final int index = result[i];
        final int flip = (int) ((pivot + indexCount - index) % indexCount);
        final int position = Math.max(index, flip);
        final byte b = sources[position / 256][(position % 256) / 8];
        final int bit = (b >> (position % 8)) & 1;
        result[i] = bit == 1 ? flip : index;
      }
    }
    return result;
  }

  /** compute_shuffled_index for one index (the spec's loop, for cross-checking). */
  public static int shuffledIndex(
      final int index, final int indexCount, final Bytes seed, final int rounds) {
    int current = index;
    for (int round = 0; round < rounds; round++) {
      final byte[] pivotInput = new byte[33];
      seed.copyTo(pivotInput, 0);
      pivotInput[32] = (byte) round;
      final long pivot =
          Long.remainderUnsigned(littleEndian64(Sha256.hash(pivotInput)), indexCount);
      final int flip = (int) ((pivot + indexCount - current) % indexCount);
      final int position = Math.max(current, flip);
      final byte[] sourceInput = new byte[37];
      seed.copyTo(sourceInput, 0);
      sourceInput[32] = (byte) round;
      final int chunk = position / 256;
      sourceInput[33] = (byte) chunk;
      sourceInput[34] = (byte) (chunk >>> 8);
      sourceInput[35] = (byte) (chunk >>> 16);
      sourceInput[36] = (byte) (chunk >>> 24);
      final byte b = Sha256.hash(sourceInput)[(position % 256) / 8];
      current = ((b >> (position % 8)) & 1) == 1 ? flip : current;
    }
    return current;
  }

  static long littleEndian64(final byte[] bytes) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (bytes[i] & 0xff);
    }
    return value;
  }
}
