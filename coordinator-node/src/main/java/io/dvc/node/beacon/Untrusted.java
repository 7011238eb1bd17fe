package io.dvc.node.beacon;

/** Makes text from outside (a beacon node's answer) safe to log: one line, bounded length. */
public final class Untrusted {
  private Untrusted() {}

  /** Escapes control characters as {@code \\n}, {@code \\uXXXX} and cuts at {@code max} chars. */
  public static String escape(final String text, final int max) {
    final StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      final char c = text.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (out.length() >= max && text.length() > max) {
      out.append('…');
    }
    return out.toString();
  }
}
