package io.dvc.config.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.common.bytes.Hex;
import io.dvc.config.ClusterConfigException;
import io.dvc.spec.ssz.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** A JSON object being read, with its file and JSON path, so that every error names both. */
final class JsonIn {
  static final java.util.regex.Pattern LOWER_HEX = java.util.regex.Pattern.compile("0x[0-9a-f]*");
  static final java.util.regex.Pattern BARE_LOWER_HEX =
      java.util.regex.Pattern.compile("[0-9a-f]*");
  private final String file;
  private final String path;
  private final JsonNode node;

  JsonIn(final String file, final String path, final JsonNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  static JsonIn root(final String file, final JsonNode node) {
    final JsonIn in = new JsonIn(file, "$", node);
    if (node == null || !node.isObject()) {
      throw in.fail("not a JSON object");
    }
    return in;
  }

  String path() {
    return path;
  }

  String file() {
    return file;
  }

  ClusterConfigException fail(final String reason) {
    return new ClusterConfigException(file, path, reason);
  }

  ClusterConfigException fail(final String field, final String reason) {
    return new ClusterConfigException(file, path + "." + field, reason);
  }

  /** Refuses fields this version does not define (a typo must not pass silently). */
  void onlyFields(final Set<String> allowed) {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                throw fail(f, "unknown field");
              }
            });
  }

  private JsonNode required(final String field) {
    final JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw fail(field, "missing");
    }
    return value;
  }

  String string(final String field) {
    final JsonNode value = required(field);
    if (!value.isTextual()) {
      throw fail(field, "must be a string");
    }
    return value.textValue();
  }

  boolean has(final String field) {
    return node.hasNonNull(field);
  }

  /** A 0x-hex string of exactly {@code length} bytes. */
  Bytes hex(final String field, final int length) {
    final String text = string(field);
    if (!LOWER_HEX.matcher(text).matches()) {
      throw fail(field, "must be 0x-prefixed lower-case hex");
    }
    try {
      return Bytes.of(Hex.decode(text, length));
    } catch (final IllegalArgumentException e) {
      throw fail(field, e.getMessage());
    }
  }

  /** A non-negative integer given as a JSON number or a decimal string. */
  long uint(final String field, final long max) {
    final JsonNode value = required(field);
    final long parsed;
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      parsed = value.longValue();
    } else if (value.isTextual() && value.textValue().matches("[0-9]{1,18}")) {
      parsed = Long.parseLong(value.textValue());
    } else {
      throw fail(field, "must be a non-negative integer");
    }
    if (parsed < 0 || parsed > max) {
      throw fail(field, parsed + " is out of range 0.." + max);
    }
    return parsed;
  }

  JsonIn object(final String field) {
    final JsonNode value = required(field);
    final JsonIn in = new JsonIn(file, path + "." + field, value);
    if (!value.isObject()) {
      throw in.fail("must be an object");
    }
    return in;
  }

  /** The elements of an array field, each mapped with its own path. */
  <T> List<T> array(final String field, final Function<JsonIn, T> element) {
    final JsonNode value = required(field);
    if (!value.isArray()) {
      throw fail(field, "must be an array");
    }
    final List<T> out = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      out.add(element.apply(new JsonIn(file, path + "." + field + "[" + i + "]", value.get(i))));
    }
    return out;
  }

  /** This node as an object (for array elements). */
  JsonIn asObject() {
    if (!node.isObject()) {
      throw fail("must be an object");
    }
    return this;
  }

  /** This node as a string (for array elements). */
  String asString() {
    if (!node.isTextual()) {
      throw fail("must be a string");
    }
    return node.textValue();
  }

  /** This node as 0x-hex of exactly {@code length} bytes (for array elements). */
  Bytes asHex(final int length) {
    final String text = asString();
    if (!LOWER_HEX.matcher(text).matches()) {
      throw fail("must be 0x-prefixed lower-case hex");
    }
    try {
      return Bytes.of(Hex.decode(text, length));
    } catch (final IllegalArgumentException e) {
      throw fail(e.getMessage());
    }
  }

  boolean isNull() {
    return node == null || node.isNull();
  }
}
