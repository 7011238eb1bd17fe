package io.dvc.node.beacon;

import java.util.Map;
import java.util.Optional;

/**
 * The HTTP form of one Beacon-API request, independent of any HTTP library.
 *
 * @param method GET or POST
 * @param pathAndQuery the path with its encoded query string, e.g. {@code
 *     /eth/v1/validator/attestation_data?slot=1&committee_index=0}
 * @param accept the {@code Accept} header (JSON by default; SSZ-capable requests may ask for {@code
 *     application/octet-stream;q=1,application/json;q=0.9})
 * @param headers extra request headers (e.g. {@code Eth-Consensus-Version})
 * @param body the request body and its content type, for POST
 */
public record HttpForm(
    String method,
    String pathAndQuery,
    String accept,
    Map<String, String> headers,
    Optional<Body> body) {
  public static final String JSON = "application/json";
  public static final String SSZ = "application/octet-stream";

  /** A request body. */
  public record Body(String contentType, byte[] bytes) {
    public Body {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    public int length() {
      return bytes.length;
    }
  }

  public HttpForm {
    headers = Map.copyOf(headers);
  }

  public static HttpForm get(final String pathAndQuery) {
    return new HttpForm("GET", pathAndQuery, JSON, Map.of(), Optional.empty());
  }

  public static HttpForm postJson(
      final String pathAndQuery, final String json, final Map<String, String> headers) {
    return new HttpForm(
        "POST",
        pathAndQuery,
        JSON,
        headers,
        Optional.of(new Body(JSON, json.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }

  /** The path without the query string (for logs and metric labels). */
  public String path() {
    final int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }
}
