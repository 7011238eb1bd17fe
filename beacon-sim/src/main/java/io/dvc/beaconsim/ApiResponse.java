package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * One HTTP response: status, extra headers and a JSON body (null = empty body), or an SSZ body
 * ({@code binary}, sent as application/octet-stream) instead.
 */
public record ApiResponse(int status, Map<String, String> headers, JsonNode body, byte[] binary) {
  public ApiResponse {
    headers = Map.copyOf(headers);
  }

  public ApiResponse(final int status, final Map<String, String> headers, final JsonNode body) {
    this(status, headers, body, null);
  }

  static ApiResponse ssz(final byte[] bytes, final Map<String, String> headers) {
    return new ApiResponse(200, headers, null, bytes);
  }

  static ApiResponse status(final int status) {
    return new ApiResponse(status, Map.of(), null);
  }

  static ApiResponse ok(final JsonNode body) {
    return new ApiResponse(200, Map.of(), body);
  }

  static ApiResponse ok(final JsonNode body, final Map<String, String> headers) {
    return new ApiResponse(200, headers, body);
  }

  static ApiResponse empty() {
    return new ApiResponse(200, Map.of(), null);
  }

  /** The spec's ErrorMessage: {@code {"code": status, "message": ...}}. */
  static ApiResponse error(final int status, final String message) {
    final ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("code", status);
    body.put("message", message);
    return new ApiResponse(status, Map.of(), body);
  }

  /** The spec's IndexedErrorMessage of pool submissions. */
  static ApiResponse indexedError(final String message, final List<PoolFailure> failures) {
    final ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("code", 400);
    body.put("message", message);
    final ArrayNode array = body.putArray("failures");
    for (final PoolFailure failure : failures) {
      array.addObject().put("index", failure.index()).put("message", failure.message());
    }
    return new ApiResponse(400, Map.of(), body);
  }

  /** One refused element of a pool submission. */
  public record PoolFailure(int index, String reason, String message) {}
}
