package io.dvc.slashing;

/**
 * Slots and epochs are uint64 held in a {@code long}: these helpers compare and print them as
 * unsigned values.
 */
final class UInt64 {
  private UInt64() {}

  static boolean lessThan(final long a, final long b) {
    return Long.compareUnsigned(a, b) < 0;
  }

  static boolean atMost(final long a, final long b) {
    return Long.compareUnsigned(a, b) <= 0;
  }

  static long max(final long a, final long b) {
    return lessThan(a, b) ? b : a;
  }

  static String toString(final long value) {
    return Long.toUnsignedString(value);
  }

  /**
   * Parses a decimal uint64: digits only, no sign.
   *
   * @throws NumberFormatException when the text is anything else or above 2^64-1
   */
  static long parse(final String text) {
    if (text.isEmpty() || text.length() > 64) {
      throw new NumberFormatException("not a decimal uint64");
    }
    for (int i = 0; i < text.length(); i++) {
      final char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException("not a decimal uint64");
      }
    }
    try {
      return Long.parseUnsignedLong(text);
    } catch (final NumberFormatException e) {
      throw new NumberFormatException("decimal uint64 above 2^64-1");
    }
  }
}
