package io.dvc.node.monitor;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression queries: identifiers that are not functions, aggregation
 * operators, keywords, label names (inside braces or grouping clauses) or durations.
 */
final class PromQlNames {
  private static final Pattern STRINGS =
      Pattern.compile("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "inf",
          "nan",
          "Inf",
          "NaN");

  private PromQlNames() {}

  static Set<String> of(final String expression) {
    String text = STRINGS.matcher(expression).replaceAll(" ");
    text = text.replaceAll("\\{[^}]*\\}", " ");
    text = text.replaceAll("\\[[^\\]]*\\]", " ");
    text = GROUPING.matcher(text).replaceAll(" ");
    final Set<String> names = new TreeSet<>();
    final Matcher m = IDENTIFIER.matcher(text);
    while (m.find()) {
      if (m.group(2) == null && !KEYWORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
