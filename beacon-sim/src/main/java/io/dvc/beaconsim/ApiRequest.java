package io.dvc.beaconsim;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the API sees it.
 *
 * @param query every query parameter with all its values, in order (repeated parameters kept)
 * @param headers header names in lower case
 * @param body the body as text (empty for an SSZ body)
 * @param binary the raw body when it is SSZ ({@code Content-Type: application/octet-stream}), else
 *     null
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    String body,
    byte[] binary) {

  public static final String OCTET_STREAM = "application/octet-stream";

  public ApiRequest {
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
    body = body == null ? "" : body;
    binary = binary == null ? null : binary.clone();
  }

  /** A request with a JSON (or empty) body. */
  public ApiRequest(
      final String method,
      final String path,
      final Map<String, List<String>> query,
      final Map<String, String> headers,
      final String body) {
    this(method, path, query, headers, body, null);
  }

  /** Whether the body is SSZ. */
  public boolean isSsz() {
    return binary != null;
  }

  /**
   * Whether the client prefers an SSZ response: {@code Accept} lists application/octet-stream with
   * a quality above 0 and at least that of application/json.
   */
  public boolean acceptsSsz() {
    final String accept = header("Accept");
    if (accept == null) {
      return false;
    }
    double ssz = -1;
    double json = -1;
    for (final String part : accept.split(",")) {
      final String[] pieces = part.split(";");
      final String type = pieces[0].trim().toLowerCase(Locale.ROOT);
      double quality = 1;
      for (int i = 1; i < pieces.length; i++) {
        final String parameter = pieces[i].trim();
        if (parameter.startsWith("q=")) {
          try {
            quality = Double.parseDouble(parameter.substring(2));
          } catch (final NumberFormatException e) {
            quality = 0;
          }
        }
      }
      if (OCTET_STREAM.equals(type)) {
        ssz = Math.max(ssz, quality);
      } else if ("application/json".equals(type)) {
        json = Math.max(json, quality);
      }
    }
    return ssz > 0 && ssz >= json;
  }

  public String header(final String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The values of a query parameter; comma-separated values are split too. */
  public List<String> queryValues(final String name) {
    return query.getOrDefault(name, List.of()).stream()
        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .toList();
  }
}
