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

  /** Fills {@link #stream} with blocks {@code counter .. counter + LANES - 1}. */
  private void keystream(final int counter, final int n0, final int n1, final int n2) {
    final int[] k = key;
    final IntVector i12 = LANE_INDEX.add(counter);
    IntVector x0 = IntVector.broadcast(SPECIES, C0);
    IntVector x1 = IntVector.broadcast(SPECIES, C1);
    IntVector x2 = IntVector.broadcast(SPECIES, C2);
    IntVector x3 = IntVector.broadcast(SPECIES, C3);
    IntVector x4 = IntVector.broadcast(SPECIES, k[0]);
    IntVector x5 = IntVector.broadcast(SPECIES, k[1]);
    IntVector x6 = IntVector.broadcast(SPECIES, k[2]);
    IntVector x7 = IntVector.broadcast(SPECIES, k[3]);
    IntVector x8 = IntVector.broadcast(SPECIES, k[4]);
    IntVector x9 = IntVector.broadcast(SPECIES, k[5]);
    IntVector x10 = IntVector.broadcast(SPECIES, k[6]);
    IntVector x11 = IntVector.broadcast(SPECIES, k[7]);
    IntVector x12 = i12;
    IntVector x13 = IntVector.broadcast(SPECIES, n0);
    IntVector x14 = IntVector.broadcast(SPECIES, n1);
    IntVector x15 = IntVector.broadcast(SPECIES, n2);
    for (int round = 0; round < 10; round++) {
      // column rounds
      x0 = x0.add(x4);
      x12 = x12.lanewise(XOR, x0).lanewise(ROL, 16);
      x8 = x8.add(x12);
      x4 = x4.lanewise(XOR, x8).lanewise(ROL, 12);
      x0 = x0.add(x4);
      x12 = x12.lanewise(XOR, x0).lanewise(ROL, 8);
      x8 = x8.add(x12);
      x4 = x4.lanewise(XOR, x8).lanewise(ROL, 7);
      x1 = x1.add(x5);
      x13 = x13.lanewise(XOR, x1).lanewise(ROL, 16);
      x9 = x9.add(x13);
      x5 = x5.lanewise(XOR, x9).lanewise(ROL, 12);
      x1 = x1.add(x5);
      x13 = x13.lanewise(XOR, x1).lanewise(ROL, 8);
      x9 = x9.add(x13);
      x5 = x5.lanewise(XOR, x9).lanewise(ROL, 7);
      x2 = x2.add(x6);
      x14 = x14.lanewise(XOR, x2).lanewise(ROL, 16);
      x10 = x10.add(x14);
      x6 = x6.lanewise(XOR, x10).lanewise(ROL, 12);
      x2 = x2.add(x6);
      x14 = x14.lanewise(XOR, x2).lanewise(ROL, 8);
      x10 = x10.add(x14);
      x6 = x6.lanewise(XOR, x10).lanewise(ROL, 7);
      x3 = x3.add(x7);
      x15 = x15.lanewise(XOR, x3).lanewise(ROL, 16);
      x11 = x11.add(x15);
      x7 = x7.lanewise(XOR, x11).lanewise(ROL, 12);
      x3 = x3.add(x7);
      x15 = x15.lanewise(XOR, x3).lanewise(ROL, 8);
      x11 = x11.add(x15);
      x7 = x7.lanewise(XOR, x11).lanewise(ROL, 7);
      // diagonal rounds
      x0 = x0.add(x5);
      x15 = x15.lanewise(XOR, x0).lanewise(ROL, 16);
      x10 = x10.add(x15);
      x5 = x5.lanewise(XOR, x10).lanewise(ROL, 12);
      x0 = x0.add(x5);
      x15 = x15.lanewise(XOR, x0).lanewise(ROL, 8);
      x10 = x10.add(x15);
      x5 = x5.lanewise(XOR, x10).lanewise(ROL, 7);
      x1 = x1.add(x6);
      x12 = x12.lanewise(XOR, x1).lanewise(ROL, 16);
      x11 = x11.add(x12);
      x6 = x6.lanewise(XOR, x11).lanewise(ROL, 12);
      x1 = x1.add(x6);
      x12 = x12.lanewise(XOR, x1).lanewise(ROL, 8);
      x11 = x11.add(x12);
      x6 = x6.lanewise(XOR, x11).lanewise(ROL, 7);
      x2 = x2.add(x7);
      x13 = x13.lanewise(XOR, x2).lanewise(ROL, 16);
      x8 = x8.add(x13);
      x7 = x7.lanewise(XOR, x8).lanewise(ROL, 12);
      x2 = x2.add(x7);
      x13 = x13.lanewise(XOR, x2).lanewise(ROL, 8);
      x8 = x8.add(x13);
      x7 = x7.lanewise(XOR, x8).lanewise(ROL, 7);
      x3 = x3.add(x4);
      x14 = x14.lanewise(XOR, x3).lanewise(ROL, 16);
      x9 = x9.add(x14);
      x4 = x4.lanewise(XOR, x9).lanewise(ROL, 12);
      x3 = x3.add(x4);
      x14 = x14.lanewise(XOR, x3).lanewise(ROL, 8);
      x9 = x9.add(x14);
      x4 = x4.lanewise(XOR, x9).lanewise(ROL, 7);
    }
    final int[] s = stream;
    x0.add(C0).intoArray(s, 0);
    x1.add(C1).intoArray(s, LANES);
    x2.add(C2).intoArray(s, 2 * LANES);
    x3.add(C3).intoArray(s, 3 * LANES);
    x4.add(k[0]).intoArray(s, 4 * LANES);
    x5.add(k[1]).intoArray(s, 5 * LANES);
    x6.add(k[2]).intoArray(s, 6 * LANES);
    x7.add(k[3]).intoArray(s, 7 * LANES);
    x8.add(k[4]).intoArray(s, 8 * LANES);
    x9.add(k[5]).intoArray(s, 9 * LANES);
    x10.add(k[6]).intoArray(s, 10 * LANES);
    x11.add(k[7]).intoArray(s, 11 * LANES);
    x12.add(i12).intoArray(s, 12 * LANES);
    x13.add(n0).intoArray(s, 13 * LANES);
    x14.add(n1).intoArray(s, 14 * LANES);
    x15.add(n2).intoArray(s, 15 * LANES);
  }
}
