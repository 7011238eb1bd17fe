package io.dvc.common.text;

/**
 * Untrusted text (from a file, a peer or a remote server) made safe to put into a one-line error or
 * a log line: control characters (C0, DEL, C1) and the Unicode line and paragraph separators are
 * escaped ({@code \n}, {@code \r}, {@code \t}, {@code \\xNN}, {@code \\uNNNN}), so such text can
 * neither forge a line nor move the terminal's cursor, and long text is cut with "...".
 */
public final class SafeText {
  /** Default length after which {@link #abbreviate(String)} cuts. */
  public static final int DEFAULT_MAX = 120;

  private SafeText() {}

  /** The text with every control character escaped; null becomes "null". */
  public static String escape(final String text) {
    if (text == null) {
      return "null";
    }
    if (text.chars().noneMatch(SafeText::needsEscape)) {
      return text;
    }
    final StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      final char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (!needsEscape(c)) {
            out.append(c);
          } else if (c <= 0xff) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(String.format("\\u%04x", (int) c));
          }
        }
      }
    }
    return out.toString();
  }

  /** Escaped, and cut to {@code max} characters (plus "...") when longer. */
  public static String abbreviate(final String text, final int max) {
    final String escaped = escape(text);
    return escaped.length() <= max ? escaped : escaped.substring(0, max) + "...";
  }

  /** Escaped and cut to {@value #DEFAULT_MAX} characters. */
  public static String abbreviate(final String text) {
    return abbreviate(text, DEFAULT_MAX);
  }

  /** True when the text has no character that {@link #escape} would change. */
  public static boolean isSafe(final String text) {
    return text != null && text.chars().noneMatch(SafeText::needsEscape);
  }

  private static boolean needsEscape(final int c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x2028
        || c == 0x2029
        || c == 0x200e
        || c == 0x200f
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
