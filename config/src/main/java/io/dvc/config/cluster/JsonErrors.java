package io.dvc.config.cluster;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * Limits on the JSON of cluster files and the project's wording of a parser failure: where (line
 * and column, when the parser knows them) and which limit, never Jackson's own message.
 */
public final class JsonErrors {
  /** Deepest nesting accepted: cluster files nest four levels; this leaves room and no more. */
  public static final int MAX_DEPTH = 64;

  /** Longest string value: the longest real one is a few hundred bytes of hex. */
  public static final int MAX_STRING = 1 << 20;

  /** Longest number literal. */
  public static final int MAX_NUMBER = 64;

  /** The limits above, for a Jackson factory. */
  public static final StreamReadConstraints CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(MAX_STRING)
          .maxNumberLength(MAX_NUMBER)
          .maxNameLength(1024)
          .build();

  private JsonErrors() {}

  /** "not valid JSON (line L, column C)" or the limit that was exceeded. */
  public static String describe(final JsonProcessingException e) {
    final JsonLocation at = e.getLocation();
    final String where =
        at == null || at.getLineNr() < 1
            ? ""
            : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    if (e instanceof StreamConstraintsException) {
      return "not usable JSON: " + limit(String.valueOf(e.getOriginalMessage())) + where;
    }
    return "not valid JSON" + (where.isEmpty() ? "" : where);
  }

  private static String limit(final String message) {
    if (message.contains("nesting depth")) {
      return "nested deeper than " + MAX_DEPTH + " levels";
    }
    if (message.startsWith("String value length")) {
      return "a string longer than " + MAX_STRING + " characters";
    }
    if (message.startsWith("Number value length")) {
      return "a number longer than " + MAX_NUMBER + " digits";
    }
    if (message.startsWith("Name length")) {
      return "a field name longer than 1024 characters";
    }
    return "a value over the parser's size limits";
  }
}
