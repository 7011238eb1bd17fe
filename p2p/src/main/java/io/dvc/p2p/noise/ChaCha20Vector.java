package io.dvc.p2p.noise;

import static jdk.incubator.vector.VectorOperators.ROL;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * ChaCha20 on the JDK's incubating Vector API: one vector lane per block, so a 512-bit vector
 * computes 16 blocks (1 KiB of keystream) per pass of the 20 rounds and a 256-bit one 8. Loaded
 * only through {@link ChaCha20#create}, which checks that the module is present and that this class
 * agrees with the scalar code before using it; short inputs go to the scalar code.
 */
final class ChaCha20Vector extends ChaCha20 {
  static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int STRIDE = LANES * BLOCK;
  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final IntVector LANE_INDEX = IntVector.zero(SPECIES).addIndex(1);

  /** Keystream words, word {@code w} of lane (block) {@code j} at {@code w * LANES + j}. */
  private final int[] stream = new int[16 * LANES];

  ChaCha20Vector(final byte[] keyBytes) {
    super(keyBytes);
  }

  /** Lanes of the preferred species: blocks computed per pass. */
  static int lanes() {
    return LANES;
  }

  @Override
  int stride() {
    return STRIDE;
  }

  @Override
  void xor(
      final int counter,
      final int n0,
      final int n1,
      final int n2,
      final byte[] buf,
      final int off,
      final int len) {
    int c = counter;
    int i = 0;
    for (; len - i >= STRIDE; i += STRIDE, c += LANES) {
      keystream(c, n0, n1, n2);
      xorBlocks(buf, off + i, LANES);
    }
    final int rest = len - i;
    if (rest >= STRIDE / 4) {
      keystream(c, n0, n1, n2);
      final int whole = rest / BLOCK;
      xorBlocks(buf, off + i, whole);
      i += whole * BLOCK;
      c += whole;
    }
    if (i < len) {
      super.xor(c, n0, n1, n2, buf, off + i, len - i);
    }
  }

  @Override
  void destroy() {
    super.destroy();
    Arrays.fill(stream, 0);
  }

  private static IntVector rotl(final IntVector v, final int n) {
    return v.lanewise(ROL, n);
  }

  private void xorBlocks(final byte[] buf, final int off, final int blocks) {
    final int[] s = stream;
    for (int j = 0; j < blocks; j++) {
      final int base = off + j * BLOCK;
      for (int w = 0; w < 16; w += 2) {
        final long word = (s[w * LANES + j] & 0xffffffffL) | ((long) s[(w + 1) * LANES + j] << 32);
        LE_LONG.set(buf, base + 4 * w, (long) LE_LONG.get(buf, base + 4 * w) ^ word);
      }
    }
  }

  /**
   * Fills {@link #stream} with blocks {@code counter .. counter + LANES - 1}. The state lives in
   * {@link #stream} between quarter rounds: C2 compiles vector code only when everything inlines,
   * and a whole double round in one method exceeds its inlining budget on JDK 17.
   */
  private void keystream(final int counter, final int n0, final int n1, final int n2) {
    final int[] s = stream;
    initial(s, counter, n0, n1, n2);
    for (int round = 0; round < 10; round++) {
      quarterRound(s, 0, 4, 8, 12);
      quarterRound(s, 1, 5, 9, 13);
      quarterRound(s, 2, 6, 10, 14);
      quarterRound(s, 3, 7, 11, 15);
      quarterRound(s, 0, 5, 10, 15);
      quarterRound(s, 1, 6, 11, 12);
      quarterRound(s, 2, 7, 8, 13);
      quarterRound(s, 3, 4, 9, 14);
    }
    addInitial(s, 0, C0, C1, C2, C3);
    addInitial(s, 4, key[0], key[1], key[2], key[3]);
    addInitial(s, 8, key[4], key[5], key[6], key[7]);
    final IntVector c = LANE_INDEX.add(counter);
    IntVector.fromArray(SPECIES, s, 12 * LANES).add(c).intoArray(s, 12 * LANES);
    addWord(s, 13, n0);
    addWord(s, 14, n1);
    addWord(s, 15, n2);
  }

  private void initial(final int[] s, final int counter, final int n0, final int n1, final int n2) {
    IntVector.broadcast(SPECIES, C0).intoArray(s, 0);
    IntVector.broadcast(SPECIES, C1).intoArray(s, LANES);
    IntVector.broadcast(SPECIES, C2).intoArray(s, 2 * LANES);
    IntVector.broadcast(SPECIES, C3).intoArray(s, 3 * LANES);
    for (int i = 0; i < 8; i++) {
      IntVector.broadcast(SPECIES, key[i]).intoArray(s, (4 + i) * LANES);
    }
    LANE_INDEX.add(counter).intoArray(s, 12 * LANES);
    IntVector.broadcast(SPECIES, n0).intoArray(s, 13 * LANES);
    IntVector.broadcast(SPECIES, n1).intoArray(s, 14 * LANES);
    IntVector.broadcast(SPECIES, n2).intoArray(s, 15 * LANES);
  }

  private static void addInitial(
      final int[] s, final int first, final int w0, final int w1, final int w2, final int w3) {
    addWord(s, first, w0);
    addWord(s, first + 1, w1);
    addWord(s, first + 2, w2);
    addWord(s, first + 3, w3);
  }

  private static void addWord(final int[] s, final int word, final int value) {
    IntVector.fromArray(SPECIES, s, word * LANES).add(value).intoArray(s, word * LANES);
  }

  private static void quarterRound(
      final int[] s, final int ia, final int ib, final int ic, final int id) {
    IntVector a = IntVector.fromArray(SPECIES, s, ia * LANES);
    IntVector b = IntVector.fromArray(SPECIES, s, ib * LANES);
    IntVector c = IntVector.fromArray(SPECIES, s, ic * LANES);
    IntVector d = IntVector.fromArray(SPECIES, s, id * LANES);
    a = a.add(b);
    d = rotl(d.lanewise(XOR, a), 16);
    c = c.add(d);
    b = rotl(b.lanewise(XOR, c), 12);
    a = a.add(b);
    d = rotl(d.lanewise(XOR, a), 8);
    c = c.add(d);
    b = rotl(b.lanewise(XOR, c), 7);
    a.intoArray(s, ia * LANES);
    b.intoArray(s, ib * LANES);
    c.intoArray(s, ic * LANES);
    d.intoArray(s, id * LANES);
  }
}
