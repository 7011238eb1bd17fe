package io.dvc.common.bytes;

import java.util.HexFormat;

/** Hex text of byte strings, as the Beacon API and the specs write it. */
public final class Hex {
  private static final HexFormat LOWER = HexFormat.of();

  private Hex() {}

  /** Lower-case hex with a {@code 0x} prefix. */
  public static String encode(final byte[] bytes) {
    return "0x" + LOWER.formatHex(bytes);
  }

  /** Lower-case hex without a prefix. */
  public static String encodeBare(final byte[] bytes) {
    return LOWER.formatHex(bytes);
  }

  /**
   * Decodes hex of any case, with or without a {@code 0x} prefix.
   *
   * @throws IllegalArgumentException naming the reason when the text is not hex of whole bytes
   */
  public static byte[] decode(final String text) {
    if (text == null) {
      throw new IllegalArgumentException("hex string is missing");
    }
    final String bare = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (bare.length() % 2 != 0) {
      throw new IllegalArgumentException("hex string has an odd number of digits");
    }
    try {
      return LOWER.parseHex(bare);
    } catch (final IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex string", e);
    }
  }

  /** Decodes hex and checks the length in bytes. */
  public static byte[] decode(final String text, final int expectedLength) {
    final byte[] bytes = decode(text);
    if (bytes.length != expectedLength) {
      throw new IllegalArgumentException(
          "expected " + expectedLength + " bytes of hex but got " + bytes.length);
    }
    return bytes;
  }
}
