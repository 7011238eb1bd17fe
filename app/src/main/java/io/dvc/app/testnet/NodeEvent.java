package io.dvc.app.testnet;

/** A node (1-based) killed or restarted at the start of a slot; parsed from {@code I@SLOT}. */
public record NodeEvent(int node, long slot) {
  public static NodeEvent parse(final String text) {
    final int at = text.indexOf('@');
    if (at <= 0) {
      throw new IllegalArgumentException(
          "expected NODE@SLOT (for example 2@8), got '" + text + "'");
    }
    try {
      return new NodeEvent(
          Integer.parseInt(text.substring(0, at)), Long.parseLong(text.substring(at + 1)));
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected NODE@SLOT (for example 2@8), got '" + text + "'");
    }
  }
}
