package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.spec.ForkName;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Json;
import io.dvc.spec.ssz.SszException;
import io.dvc.spec.types.Fork;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Request parsing and response helpers shared by the endpoint classes. */
final class ApiSupport {
  static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ApiSupport() {}

  static ApiResponse only(
      final boolean allowed, final ApiRequest r, final Supplier<ApiResponse> handler) {
    if (!allowed) {
      return ApiResponse.error(405, "method " + r.method() + " not allowed on " + r.path());
    }
    return handler.get();
  }

  static JsonNode parseBody(final ApiRequest r) {
    if (r.body().isBlank()) {
      throw ApiException.badRequest("request body is empty");
    }
    try {
      return Json.parse(r.body());
    } catch (final SszException e) {
      throw ApiException.badRequest("malformed JSON body: " + firstLine(e.getMessage()));
    }
  }

  static String firstLine(final String message) {
    if (message == null) {
      return "";
    }
    final int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  static List<String> strings(final JsonNode node, final String field) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw ApiException.badRequest(field + " must be an array of strings");
    }
    final List<String> values = new ArrayList<>();
    for (final JsonNode item : node) {
      if (!item.isTextual()) {
        throw ApiException.badRequest(field + " must be an array of strings, got " + item);
      }
      values.add(item.textValue());
    }
    return values;
  }

  /** The one value of a required query parameter. */
  static String single(final ApiRequest r, final String name) {
    return optional(r, name)
        .orElseThrow(() -> ApiException.badRequest("missing query parameter " + name));
  }

  /** The value of an optional query parameter (given at most once). */
  static Optional<String> optional(final ApiRequest r, final String name) {
    final List<String> values = r.query().getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw ApiException.badRequest(
          "query parameter " + name + " given " + values.size() + " times");
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  static long uint64(final String text, final String what) {
    if (text == null || !text.matches("[0-9]{1,20}")) {
      throw ApiException.badRequest("invalid " + what + ": " + text);
    }
    try {
      return Long.parseUnsignedLong(text);
    } catch (final NumberFormatException e) {
      throw ApiException.badRequest("invalid " + what + ": " + text);
    }
  }

  /** 0x-hex of an exact length, else 400 naming the field. */
  static Bytes hex(final String text, final int length, final String what) {
    if (text == null || !text.matches("0x[0-9a-fA-F]{" + (2 * length) + "}")) {
      throw ApiException.badRequest(
          "invalid " + what + ": expected 0x and " + length + " hex bytes, got " + text);
    }
    return Bytes.fromHex(text);
  }

  /** The Eth-Consensus-Version header (required). */
  static ForkName consensusVersion(final ApiRequest r) {
    final String header = r.header("Eth-Consensus-Version");
    if (header == null || header.isBlank()) {
      throw ApiException.badRequest("missing Eth-Consensus-Version header");
    }
    try {
      return ForkName.fromJsonName(header.trim());
    } catch (final IllegalArgumentException e) {
      throw ApiException.badRequest("invalid Eth-Consensus-Version header: " + header);
    }
  }

  static ObjectNode data(final JsonNode value) {
    final ObjectNode body = F.objectNode();
    body.set("data", value);
    return body;
  }

  static ObjectNode forkJson(final Fork fork) {
    return F.objectNode()
        .put("previous_version", fork.previousVersion().toHex())
        .put("current_version", fork.currentVersion().toHex())
        .put("epoch", Long.toUnsignedString(fork.epoch()));
  }
}
