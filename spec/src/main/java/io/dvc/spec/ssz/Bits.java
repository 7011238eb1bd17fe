package io.dvc.spec.ssz;

import java.util.Arrays;

/**
 * An immutable bit string of a given length (the value of a Bitvector or Bitlist). Bit {@code i} is
 * bit {@code i % 8} of byte {@code i / 8}, as SSZ packs it; there is no delimiter bit here.
 */
public final class Bits {
  private final int size;
  private final byte[] packed;

  private Bits(final int size, final byte[] packed) {
    this.size = size;
    this.packed = packed;
  }

  /** {@code size} bits, all clear. */
  public static Bits zero(final int size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative bit count " + size);
    }
    return new Bits(size, new byte[(size + 7) / 8]);
  }

  /** {@code size} bits with exactly the given indices set. */
  public static Bits of(final int size, final int... setIndices) {
    final Bits bits = zero(size);
    for (final int index : setIndices) {
      bits.checkIndex(index);
      bits.packed[index >>> 3] |= (byte) (1 << (index & 7));
    }
    return bits;
  }

  /** Bits from packed bytes; bits at or beyond {@code size} must be clear. */
  public static Bits fromPacked(final int size, final byte[] packed) {
    if (packed.length != (size + 7) / 8) {
      throw new IllegalArgumentException(
          size + " bits need " + (size + 7) / 8 + " bytes, got " + packed.length);
    }
    if (size % 8 != 0 && (packed[packed.length - 1] & 0xff) >>> (size % 8) != 0) {
      throw new IllegalArgumentException("bits set beyond length " + size);
    }
    return new Bits(size, packed.clone());
  }

  public int size() {
    return size;
  }

  public boolean get(final int index) {
    checkIndex(index);
    return (packed[index >>> 3] & (1 << (index & 7))) != 0;
  }

  /** A copy with bit {@code index} set. */
  public Bits withSet(final int index) {
    checkIndex(index);
    final byte[] copy = packed.clone();
    copy[index >>> 3] |= (byte) (1 << (index & 7));
    return new Bits(size, copy);
  }

  /** How many bits are set. */
  public int bitCount() {
    int count = 0;
    for (final byte b : packed) {
      count += Integer.bitCount(b & 0xff);
    }
    return count;
  }

  /** The packed bytes (a copy), without delimiter. */
  public byte[] toPacked() {
    return packed.clone();
  }

  void copyPackedTo(final byte[] target, final int offset) {
    System.arraycopy(packed, 0, target, offset, packed.length);
  }

  int packedLength() {
    return packed.length;
  }

  private void checkIndex(final int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("bit " + index + " of " + size);
    }
  }

  @Override
  public boolean equals(final Object other) {
    return other instanceof Bits that && size == that.size && Arrays.equals(packed, that.packed);
  }

  @Override
  public int hashCode() {
    return 31 * size + Arrays.hashCode(packed);
  }

  @Override
  public String toString() {
    final StringBuilder text = new StringBuilder(size);
    for (int i = 0; i < size; i++) {
      text.append(get(i) ? '1' : '0');
    }
    return text.toString();
  }
}
