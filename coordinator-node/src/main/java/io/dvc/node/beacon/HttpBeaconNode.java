package io.dvc.node.beacon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * One beacon node over HTTP/1.1 ({@link java.net.http.HttpClient}). Every answer is read within the
 * request's size bound ({@link BoundedBody}), and one timeout covers the whole exchange, connect,
 * headers and body: a node that sends its headers and then stalls fails at the timeout and its
 * connection is closed, not kept.
 */
public final class HttpBeaconNode implements BeaconNode {

  /** Receives the duration of every exchange, for metrics. */
  @FunctionalInterface
  public interface LatencyListener {
    LatencyListener NONE = (node, endpoint, nanos, success) -> {};

    /**
     * @param endpoint the route with numbers and 0x-values replaced by {@code {}} (low cardinality)
     * @param success a complete 2xx answer
     */
    void onExchange(String node, String endpoint, long nanos, boolean success);
  }

  private final String url;
  private final HttpClient client;
  private final Duration timeout;
  private final LatencyListener latency;
  private final LongSupplier nanoTime;

  /**
   * @param url the base URL, e.g. {@code http://127.0.0.1:5052} (a trailing slash is dropped)
   * @param client shared by the nodes; see {@link #httpClient}
   * @param timeout for the whole exchange, body included
   * @param nanoTime for latency measurements ({@code System::nanoTime} in production)
   */
  public HttpBeaconNode(
      final String url,
      final HttpClient client,
      final Duration timeout,
      final LatencyListener latency,
      final LongSupplier nanoTime) {
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.client = client;
    this.timeout = timeout;
    this.latency = latency;
    this.nanoTime = nanoTime;
  }

  /** An HTTP/1.1 client that runs its callbacks on {@code executor} and follows no redirects. */
  public static HttpClient httpClient(final Duration connectTimeout, final Executor executor) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .executor(executor)
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public CompletableFuture<BeaconAnswer> exchange(final HttpForm form, final int maxAnswerBytes) {
    final long start = nanoTime.getAsLong();
    final String endpoint = form.path();
    final HttpRequest request;
    try {
      request = request(form);
    } catch (final IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          new BeaconApiException(url + endpoint + ": bad request form: " + e.getMessage(), e));
    }
    final AtomicReference<BoundedBody> body = new AtomicReference<>();
    final CompletableFuture<HttpResponse<byte[]>> sent =
        client.sendAsync(
            request,
            info -> {
              final BoundedBody subscriber =
                  new BoundedBody(
                      maxAnswerBytes, info.headers().firstValueAsLong("content-length").orElse(-1));
              body.set(subscriber);
              return subscriber;
            });
    final CompletableFuture<BeaconAnswer> answer = new CompletableFuture<>();
    sent.whenComplete(
        (response, error) -> {
          if (error != null) {
            answer.completeExceptionally(error);
          } else {
            answer.complete(
                new BeaconAnswer(url, response.statusCode(), headers(response), response.body()));
          }
        });
    answer.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    return answer.handle(
        (ok, error) -> {
          final boolean success = error == null && ok.isSuccess();
          latency.onExchange(url, routeLabel(endpoint), nanoTime.getAsLong() - start, success);
          if (error == null) {
            return ok;
          }
          final BoundedBody reading = body.get();
          if (reading != null) {
            reading.abort();
          }
          sent.cancel(true);
          throw new CompletionException(failure(endpoint, error));
        });
  }

  private HttpRequest request(final HttpForm form) {
    final HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url + form.pathAndQuery()))
            .timeout(timeout)
            .header("Accept", form.accept());
    form.headers().forEach(builder::header);
    if (form.body().isPresent()) {
      builder.header("Content-Type", form.body().get().contentType());
      builder.method(
          form.method(), HttpRequest.BodyPublishers.ofByteArray(form.body().get().bytes()));
    } else {
      builder.method(form.method(), HttpRequest.BodyPublishers.noBody());
    }
    return builder.build();
  }

  private BeaconApiException failure(final String endpoint, final Throwable error) {
    final Throwable cause = unwrap(error);
    final String reason;
    if (causedBy(cause, TimeoutException.class)
        || causedBy(cause, java.net.http.HttpTimeoutException.class)) {
      reason = "no complete answer within " + timeout.toMillis() + " ms";
    } else if (causedBy(cause, BoundedBody.AnswerTooLargeException.class)) {
      reason = "answer larger than the " + maxBytesOf(cause) + " bytes allowed";
    } else {
      reason = rootMessage(cause);
    }
    return new BeaconApiException(url + endpoint + ": " + Untrusted.escape(reason, 300), cause);
  }

  private static boolean causedBy(final Throwable error, final Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String maxBytesOf(final Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof BoundedBody.AnswerTooLargeException tooLarge) {
        return Integer.toString(tooLarge.maxBytes());
      }
    }
    return "?";
  }

  private static Map<String, String> headers(final HttpResponse<?> response) {
    final Map<String, String> headers = new HashMap<>();
    for (final Map.Entry<String, List<String>> entry : response.headers().map().entrySet()) {
      if (!entry.getKey().startsWith(":") && !entry.getValue().isEmpty()) {
        headers.put(entry.getKey(), entry.getValue().get(0));
      }
    }
    return headers;
  }

  /**
   * The route for metric labels: path segments that are numbers or 0x-values (epochs, slots, roots,
   * validator ids) become {@code {}}, e.g. {@code /eth/v1/validator/duties/proposer/{}}.
   */
  static String routeLabel(final String path) {
    final String[] segments = path.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      final String s = segments[i];
      if (!s.isEmpty() && (s.chars().allMatch(Character::isDigit) || s.startsWith("0x"))) {
        segments[i] = "{}";
      }
    }
    return String.join("/", segments);
  }

  private static Throwable unwrap(final Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** {@code ConnectException (ClosedChannelException)}: the failure and, if different, its root. */
  private static String rootMessage(final Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    final String top = describe(error);
    return root == error ? top : top + " (" + describe(root) + ")";
  }

  private static String describe(final Throwable error) {
    final String message = error.getMessage();
    return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
