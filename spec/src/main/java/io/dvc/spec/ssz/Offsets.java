package io.dvc.spec.ssz;

/** 4-byte little-endian SSZ offsets. */
final class Offsets {
  private Offsets() {}

  static void write(final byte[] buffer, final int at, final int value) {
    buffer[at] = (byte) value;
    buffer[at + 1] = (byte) (value >>> 8);
    buffer[at + 2] = (byte) (value >>> 16);
    buffer[at + 3] = (byte) (value >>> 24);
  }

  /**
   * Reads the offset at {@code relative} inside a value of {@code length} bytes at {@code base}.
   */
  static int read(final byte[] buffer, final int base, final int length, final int relative) {
    if (relative + 4 > length) {
      throw new SszException(
          "offset at byte " + relative + " lies beyond the " + length + " bytes");
    }
    final int at = base + relative;
    final long value =
        (buffer[at] & 0xffL)
            | (buffer[at + 1] & 0xffL) << 8
            | (buffer[at + 2] & 0xffL) << 16
            | (buffer[at + 3] & 0xffL) << 24;
    if (value > length) {
      throw new SszException("offset " + value + " lies beyond the " + length + " bytes");
    }
    return (int) value;
  }
}
