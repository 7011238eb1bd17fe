package io.dvc.node.beacon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One beacon node's whole HTTP answer, already read within the request's size bound.
 *
 * @param node the beacon node's base URL (for messages)
 * @param headers response headers with lower-case names
 */
public record BeaconAnswer(String node, int status, Map<String, String> headers, byte[] body) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public BeaconAnswer {
    headers =
        headers.entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
  }

  public boolean isSuccess() {
    return status / 100 == 2;
  }

  public Optional<String> header(final String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  public boolean isSsz() {
    return header("content-type").map(t -> t.startsWith(HttpForm.SSZ)).orElse(false);
  }

  /** The body as JSON; an empty body is JSON null. Fails with the node and endpoint named. */
  public JsonNode json(final String endpoint) {
    if (body.length == 0) {
      return MAPPER.nullNode();
    }
    try {
      return MAPPER.readTree(body);
    } catch (final IOException e) {
      throw new BeaconApiException(node + endpoint + ": answer is not JSON", status);
    }
  }

  /** The JSON {@code data} field of a successful answer, or a failure naming node and endpoint. */
  public JsonNode data(final String endpoint) {
    requireSuccess(endpoint);
    final JsonNode data = json(endpoint).get("data");
    if (data == null || data.isNull()) {
      throw new BeaconApiException(node + endpoint + ": answer has no 'data' field", status);
    }
    return data;
  }

  /** Fails unless the status is 2xx, with the node's (escaped, shortened) error message. */
  public BeaconAnswer requireSuccess(final String endpoint) {
    if (!isSuccess()) {
      throw new BeaconApiException(
          node + endpoint + ": HTTP " + status + " " + errorMessage(), status, errorJson());
    }
    return this;
  }

  /**
   * Whether an error answer says the submitted message is one the beacon node already has. Every
   * node of a cluster submits the same combined message, so all but the first submission to a
   * shared beacon node are duplicates; Lodestar before 1.9 answers them with an error (HTTP 500
   * with {@code ATTESTATION_ERROR_ATTESTATION_ALREADY_KNOWN} or gossipsub's {@code
   * PublishError.Duplicate}) where later versions and other clients answer 200.
   */
  public boolean saysAlreadyKnown() {
    return !isSuccess() && isAlreadyKnown(new String(body, StandardCharsets.UTF_8));
  }

  /** Whether a beacon node's error text names a duplicate of something it already has. */
  public static boolean isAlreadyKnown(final String text) {
    final String lower = text.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("already_known")
        || lower.contains("already known")
        || lower.contains("publisherror.duplicate");
  }

  /**
   * The {@code message} of an error answer, shortened to 200 characters, with control characters
   * escaped so that a beacon node cannot forge log lines.
   */
  public String errorMessage() {
    String text = new String(body, StandardCharsets.UTF_8);
    final JsonNode json = errorJson();
    if (json != null && json.hasNonNull("message")) {
      text = json.get("message").asText();
    }
    return Untrusted.escape(text, 200);
  }

  private JsonNode errorJson() {
    if (body.length == 0) {
      return null;
    }
    try {
      return MAPPER.readTree(body);
    } catch (final IOException e) {
      return null;
    }
  }
}
