package io.dvc.bls.keystore;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.common.bytes.Hex;

/** Field access on a keystore's JSON tree; every failure names the field. */
final class KeystoreJson {
  private final String source;

  KeystoreJson(final String source) {
    this.source = source;
  }

  JsonNode object(final JsonNode parent, final String path, final String name) {
    final JsonNode node = parent.get(name);
    if (node == null || !node.isObject()) {
      throw fail("missing or non-object field " + join(path, name));
    }
    return node;
  }

  String text(final JsonNode parent, final String path, final String name) {
    final JsonNode node = parent.get(name);
    if (node == null || !node.isTextual()) {
      throw fail("missing or non-string field " + join(path, name));
    }
    return node.asText();
  }

  String optionalText(final JsonNode parent, final String path, final String name) {
    final JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      throw fail("field " + join(path, name) + " is not a string");
    }
    return node.asText();
  }

  int integer(final JsonNode parent, final String path, final String name) {
    final JsonNode node = parent.get(name);
    if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
      throw fail("missing or non-integer field " + join(path, name));
    }
    return node.asInt();
  }

  byte[] hex(final JsonNode parent, final String path, final String name) {
    final String text = text(parent, path, name);
    try {
      return Hex.decode(text);
    } catch (final IllegalArgumentException e) {
      throw fail("field " + join(path, name) + " is not hex: " + e.getMessage());
    }
  }

  byte[] hex(final JsonNode parent, final String path, final String name, final int length) {
    final byte[] bytes = hex(parent, path, name);
    if (bytes.length != length) {
      throw fail(
          "field " + join(path, name) + " must have " + length + " bytes, has " + bytes.length);
    }
    return bytes;
  }

  void expect(final JsonNode parent, final String path, final String name, final String value) {
    final String actual = text(parent, path, name);
    if (!actual.equals(value)) {
      throw fail(
          "unsupported " + join(path, name) + " \"" + actual + "\" (expected \"" + value + "\")");
    }
  }

  /** A parser failure in the project's words: where, or which size limit; not Jackson's text. */
  static String describe(final com.fasterxml.jackson.core.JsonProcessingException e) {
    final com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
    final String where =
        at == null || at.getLineNr() < 1
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
      return "not usable JSON: nested too deeply or a value too long" + where;
    }
    return "not valid JSON" + where;
  }

  KeystoreException fail(final String cause) {
    return new KeystoreException(source, cause);
  }

  private static String join(final String path, final String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
