package io.dvc.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.common.bytes.Hex;

/** Small helpers for the Beacon-API JSON forms. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  /** Parses JSON text; a syntax error becomes an {@link SszException}. */
  public static JsonNode parse(final String text) {
    try {
      return MAPPER.readTree(text);
    } catch (final java.io.IOException e) {
      throw new SszException("not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Compact JSON text. */
  public static String write(final JsonNode node) {
    return node.toString();
  }

  static String text(final JsonNode json, final String what) {
    if (json == null || json.isNull() || json.isMissingNode()) {
      throw new SszException("missing " + what);
    }
    if (!json.isTextual()) {
      throw new SszException("expected " + what + " as a string but got " + json.getNodeType());
    }
    return json.textValue();
  }

  static byte[] hex(final JsonNode json, final String what) {
    final String text = text(json, what);
    if (!text.startsWith("0x") && !text.startsWith("0X")) {
      throw new SszException(what + " lacks the 0x prefix");
    }
    try {
      return Hex.decode(text);
    } catch (final IllegalArgumentException e) {
      throw new SszException(what + " is " + e.getMessage());
    }
  }
}
