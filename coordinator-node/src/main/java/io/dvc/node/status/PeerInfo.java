package io.dvc.node.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.common.bytes.Hex;
import io.dvc.common.text.SafeText;
import java.nio.charset.StandardCharsets;

/**
 * What a node tells its peers about itself on {@code /dvc/peerinfo/1.0.0} (request and response
 * alike, a JSON object of at most {@link #MAX_BYTES}): its DVC version, the hash of the cluster
 * lock it runs and its wall clock when it sent the message.
 */
public record PeerInfo(String version, String lockHash, long timeMillis) {
  public static final String PROTOCOL = "/dvc/peerinfo/1.0.0";
  public static final int MAX_BYTES = 1024;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public byte[] encode() {
    final ObjectNode node = MAPPER.createObjectNode();
    node.put("version", version);
    node.put("lock_hash", lockHash);
    node.put("time_ms", timeMillis);
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a peer's message.
   *
   * @throws IllegalArgumentException (one line, escaped) when it is not a peer-info object
   */
  public static PeerInfo decode(final byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("peer info of " + bytes.length + " bytes is too large");
    }
    final JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (final java.io.IOException e) {
      throw new IllegalArgumentException("peer info is not JSON");
    }
    if (node == null
        || !node.isObject()
        || !node.path("version").isTextual()
        || !node.path("lock_hash").isTextual()
        || !node.path("time_ms").canConvertToLong()) {
      throw new IllegalArgumentException("peer info lacks version, lock_hash or time_ms");
    }
    final String lockHash = node.get("lock_hash").asText();
    try {
      Hex.decode(lockHash, 32);
    } catch (final IllegalArgumentException e) {
      throw new IllegalArgumentException("peer info lock_hash is not 32 bytes of hex");
    }
    return new PeerInfo(
        SafeText.escape(truncate(node.get("version").asText())),
        lockHash.toLowerCase(java.util.Locale.ROOT),
        node.get("time_ms").asLong());
  }

  private static String truncate(final String text) {
    return text.length() > 64 ? text.substring(0, 64) : text;
  }
}
