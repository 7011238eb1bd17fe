package io.dvc.node.beacon;

import io.dvc.beaconsim.ApiRequest;
import io.dvc.beaconsim.ApiResponse;
import io.dvc.beaconsim.BeaconApi;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * beacon-sim's API as an in-process {@link BeaconNode}: no HTTP, answers at once on the calling
 * thread (for tests on manual time). The size bound is applied as the HTTP node applies it.
 */
public final class SimBeaconNode implements BeaconNode {
  private final String url;
  private final BeaconApi api;

  public SimBeaconNode(final String url, final BeaconApi api) {
    this.url = url;
    this.api = api;
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public CompletableFuture<BeaconAnswer> exchange(final HttpForm form, final int maxAnswerBytes) {
    final Map<String, String> headers = new HashMap<>();
    form.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    headers.put("accept", form.accept());
    final String body =
        form.body().map(b -> new String(b.bytes(), StandardCharsets.UTF_8)).orElse("");
    final ApiResponse response =
        api.handle(new ApiRequest(form.method(), form.path(), query(form), headers, body));
    final byte[] bytes =
        response.body() == null
            ? new byte[0]
            : response.body().toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxAnswerBytes) {
      return CompletableFuture.failedFuture(
          new BeaconApiException(
              url + form.path() + ": answer larger than the " + maxAnswerBytes + " bytes allowed",
              -1));
    }
    final Map<String, String> answerHeaders = new HashMap<>(response.headers());
    answerHeaders.put("Content-Type", HttpForm.JSON);
    return CompletableFuture.completedFuture(
        new BeaconAnswer(url, response.status(), answerHeaders, bytes));
  }

  private static Map<String, List<String>> query(final HttpForm form) {
    final Map<String, List<String>> query = new LinkedHashMap<>();
    final int q = form.pathAndQuery().indexOf('?');
    if (q < 0) {
      return query;
    }
    for (final String pair : form.pathAndQuery().substring(q + 1).split("&")) {
      final int eq = pair.indexOf('=');
      final String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      final String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return query;
  }
}
