package io.dvc.node.beacon;

/** Makes text from outside (a beacon node's answer) safe to log: one line, bounded length. */
public final class Untrusted {
  private Untrusted() {}

  /**
   * Escapes line breaks and tabs as {@code \\n}, {@code \\r}, {@code \\t}, other control and format
   * characters (including bidirectional overrides and U+2028/2029) as {@code \\uXXXX}, and cuts the
   * result at about {@code max} characters, marking a cut with {@code …}.
   */
  public static String escape(final String text, final int max) {
    final StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
    int i = 0;
    for (; i < text.length() && out.length() < max; i++) {
      final char c = text.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c)
          || c == '\u2028'
          || c == '\u2029'
          || Character.getType(c) == Character.FORMAT) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (i < text.length()) {
      if (out.length() > 0 && Character.isHighSurrogate(out.charAt(out.length() - 1))) {
        out.setLength(out.length() - 1);
      }
      out.append('…');
    }
    return out.toString();
  }
}
