package io.dvc.beaconsim;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the API sees it.
 *
 * @param query every query parameter with all its values, in order (repeated parameters kept)
 * @param headers header names in lower case
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    String body) {

  public ApiRequest {
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
    body = body == null ? "" : body;
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
