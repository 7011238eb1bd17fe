package io.dvc.node.beacon;

import io.dvc.common.async.AsyncRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover policy over several beacon nodes (see {@link BeaconClient}).
 *
 * <ul>
 *   <li>READ: nodes are asked in health order ({@link NodeHealth}); a failure (transport, timeout,
 *       HTTP error, or {@link BeaconRequest#read} refusing the answer) asks the next node at once,
 *       and a node that has not answered after {@code hedgeDelay} is hedged: the next node is asked
 *       in parallel, and the first good answer wins.
 *   <li>WRITE: every node in parallel; {@link BeaconRequest#merge} makes the result.
 *   <li>A form that answers 404, 405 or 415 (a body type it does not take) and has an {@link
 *       BeaconRequest#olderForm()} is retried on that node with the older form at once; logged once
 *       per (node, endpoint) and remembered.
 * </ul>
 *
 * Timers come from the injected {@link AsyncRunner} and time from {@code nanoTime}, so tests run on
 * manual time. Error texts are escaped ({@link Untrusted}) before they reach a message.
 */
public final class FailoverBeaconClient implements BeaconClient {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverBeaconClient.class);
  private static final int MAX_ERROR_CHARS = 400;

  /**
   * @param hedgeDelay how long the preferred node may take before the next one is asked as well
   * @param failureMemory how long a failed node is asked after the healthy ones
   */
  public record Options(Duration hedgeDelay, Duration failureMemory) {
    /** A hedge after a third of the timeout, at most 300 ms; failures remembered for a minute. */
    public static Options forTimeout(final Duration timeout) {
      final Duration third = timeout.dividedBy(3);
      final Duration cap = Duration.ofMillis(300);
      return new Options(third.compareTo(cap) < 0 ? third : cap, Duration.ofMinutes(1));
    }
  }

  private final List<BeaconNode> nodes;
  private final AsyncRunner runner;
  private final LongSupplier nanoTime;
  private final Options options;
  private final NodeHealth health;
  private final Set<String> olderFormInUse = ConcurrentHashMap.newKeySet();

  public FailoverBeaconClient(
      final List<? extends BeaconNode> nodes,
      final AsyncRunner runner,
      final LongSupplier nanoTime,
      final Options options) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("at least one beacon node is required");
    }
    this.nodes = List.copyOf(nodes);
    this.runner = runner;
    this.nanoTime = nanoTime;
    this.options = options;
    this.health = new NodeHealth(options.failureMemory(), nanoTime);
  }

  @Override
  public List<String> nodes() {
    return nodes.stream().map(BeaconNode::url).toList();
  }

  /** Whether the node (by URL) is asked in its configured place (no recent failure). */
  public boolean isHealthy(final String node) {
    return health.isHealthy(node);
  }

  @Override
  public <T> CompletableFuture<T> call(final BeaconRequest<T> request) {
    if (request.kind() == BeaconRequest.Kind.WRITE) {
      return write(request);
    }
    final ReadCall<T> call = new ReadCall<>(request, health.order(nodes));
    call.launchNext();
    return call.result;
  }

  @Override
  public <T> CompletableFuture<List<NodeResult<T>>> callEach(
      final BeaconRequest<T> request, final Duration softDeadline) {
    return new EachCall<>(request, softDeadline).start();
  }

  private <T> CompletableFuture<T> write(final BeaconRequest<T> request) {
    final List<CompletableFuture<NodeResult<T>>> results =
        nodes.stream().map(node -> result(node, request)).toList();
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              try {
                return request.merge(results.stream().map(CompletableFuture::join).toList());
              } catch (final BeaconApiException e) {
                throw e;
              } catch (final RuntimeException e) {
                throw new BeaconApiException(
                    request.endpoint() + ": merging the answers failed: " + e.getMessage(), e);
              }
            });
  }

  /** One node's attempt as a result that never fails. */
  private <T> CompletableFuture<NodeResult<T>> result(
      final BeaconNode node, final BeaconRequest<T> request) {
    final long start = nanoTime.getAsLong();
    return attempt(node, request)
        .handle(
            (value, error) ->
                error == null
                    ? NodeResult.ok(node.url(), value, nanoTime.getAsLong() - start)
                    : NodeResult.failed(node.url(), message(error), nanoTime.getAsLong() - start));
  }

  /**
   * One node: the request (or its remembered older form), falling back to the older form on 404 or
   * 405, the answer read and validated; the node's health updated.
   */
  private <T> CompletableFuture<T> attempt(final BeaconNode node, final BeaconRequest<T> request) {
    final String key = node.url() + " " + request.endpoint();
    final BeaconRequest<T> form =
        olderFormInUse.contains(key) ? request.olderForm().orElse(request) : request;
    final CompletableFuture<T> attempt = new CompletableFuture<>();
    exchangeAndRead(node, form, key)
        .whenComplete(
            (value, error) -> {
              if (error == null) {
                health.success(node.url());
                attempt.complete(value);
              } else {
                final BeaconApiException failure = failure(node, request, error);
                health.failure(node.url(), failure.getMessage());
                attempt.completeExceptionally(failure);
              }
            });
    return attempt;
  }

  /** The failure as a BeaconApiException with an escaped message that names node and endpoint. */
  private static BeaconApiException failure(
      final BeaconNode node, final BeaconRequest<?> request, final Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String text =
        cause instanceof BeaconApiException
            ? String.valueOf(cause.getMessage())
            : "invalid answer: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    if (!text.startsWith(node.url())) {
      text = node.url() + request.endpoint() + ": " + text;
    }
    final String escaped = Untrusted.escape(text, MAX_ERROR_CHARS);
    return cause instanceof BeaconApiException api
        ? new BeaconApiException(escaped, api.status(), api.errorBody().orElse(null))
        : new BeaconApiException(escaped, cause);
  }

  private <T> CompletableFuture<T> exchangeAndRead(
      final BeaconNode node, final BeaconRequest<T> form, final String key) {
    final CompletableFuture<BeaconAnswer> exchanged;
    try {
      exchanged = node.exchange(form.form(), form.maxAnswerBytes());
    } catch (final RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return exchanged.thenCompose(
        answer -> {
          if ((answer.status() == 404 || answer.status() == 405 || answer.status() == 415)
              && form.olderForm().isPresent()) {
            final BeaconRequest<T> older = form.olderForm().get();
            if (olderFormInUse.add(key)) {
              LOG.info(
                  "beacon node {} answered HTTP {} to {} {}; using {} {} with it from now on",
                  node.url(),
                  answer.status(),
                  form.form().method(),
                  form.endpoint(),
                  older.form().method(),
                  older.endpoint());
            }
            return exchangeAndRead(node, older, key);
          }
          final T value = form.read(answer);
          return CompletableFuture.completedFuture(
              Objects.requireNonNull(value, () -> form.endpoint() + ": read() returned null"));
        });
  }

  /** The message of a failure from {@link #attempt} (already escaped and naming the node). */
  private static String message(final Throwable error) {
    return String.valueOf(unwrap(error).getMessage());
  }

  /** The HTTP status of a failure from {@link #attempt}, -1 without an answer. */
  private static int status(final Throwable error) {
    return unwrap(error) instanceof BeaconApiException e ? e.status() : -1;
  }

  private static Throwable unwrap(final Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** A read: one node after another, hedged; the first good answer wins. */
  private final class ReadCall<T> {
    private final BeaconRequest<T> request;
    private final List<BeaconNode> order;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final List<String> errors = new ArrayList<>();
    private final java.util.Set<Integer> statuses = new java.util.HashSet<>();
    private int launched;
    private int failed;

    ReadCall(final BeaconRequest<T> request, final List<BeaconNode> order) {
      this.request = request;
      this.order = order;
    }

    void launchNext() {
      final BeaconNode node;
      final int number;
      synchronized (this) {
        if (result.isDone() || launched == order.size()) {
          return;
        }
        node = order.get(launched);
        number = ++launched;
      }
      if (number < order.size()) {
        runner.runAfterDelay(
            () -> {
              hedge(number);
              return null;
            },
            options.hedgeDelay());
      }
      attempt(node, request).whenComplete(this::onResult);
    }

    private void hedge(final int number) {
      synchronized (this) {
        if (launched != number || result.isDone()) {
          return;
        }
      }
      LOG.debug(
          "{}: no answer after {}, asking the next beacon node too",
          request.endpoint(),
          options.hedgeDelay());
      launchNext();
    }

    private void onResult(final T value, final Throwable error) {
      if (error == null) {
        result.complete(value);
        return;
      }
      final boolean more;
      final boolean allFailed;
      final String summary;
      final int status;
      synchronized (this) {
        errors.add(message(error));
        statuses.add(status(error));
        failed++;
        more = launched < order.size();
        allFailed = failed == order.size();
        summary = String.join("; ", errors);
        // the status every node answered (e.g. 404 everywhere: "not known yet"), else -1
        status = statuses.size() == 1 ? statuses.iterator().next() : -1;
      }
      if (more) {
        launchNext();
      } else if (allFailed) {
        result.completeExceptionally(
            new BeaconApiException(
                "every beacon node failed " + request.endpoint() + ": " + summary, status));
      }
    }
  }

  /** Every node at once; all results, or those in by the soft deadline after the first good one. */
  private final class EachCall<T> {
    private final BeaconRequest<T> request;
    private final Duration softDeadline;
    private final CompletableFuture<List<NodeResult<T>>> result = new CompletableFuture<>();
    private final NodeResult<T>[] results;
    private int answered;
    private boolean deadlineSet;

    @SuppressWarnings("unchecked")
    EachCall(final BeaconRequest<T> request, final Duration softDeadline) {
      this.request = request;
      this.softDeadline = softDeadline;
      this.results = new NodeResult[nodes.size()];
    }

    CompletableFuture<List<NodeResult<T>>> start() {
      for (int i = 0; i < nodes.size(); i++) {
        final int position = i;
        result(nodes.get(i), request).thenAccept(r -> onResult(position, r));
      }
      return result;
    }

    private void onResult(final int position, final NodeResult<T> nodeResult) {
      final boolean startDeadline;
      final boolean all;
      synchronized (this) {
        results[position] = nodeResult;
        answered++;
        all = answered == results.length;
        startDeadline = nodeResult.value().isPresent() && !deadlineSet && !all;
        deadlineSet |= startDeadline;
      }
      if (all) {
        finish();
      } else if (startDeadline) {
        runner.runAfterDelay(
            () -> {
              finish();
              return null;
            },
            softDeadline);
      }
    }

    private void finish() {
      final List<NodeResult<T>> inTime;
      synchronized (this) {
        inTime = Arrays.stream(results).filter(Objects::nonNull).toList();
      }
      if (inTime.stream().anyMatch(r -> r.value().isPresent())) {
        result.complete(inTime);
      } else {
        result.completeExceptionally(
            new BeaconApiException(
                "every beacon node failed "
                    + request.endpoint()
                    + ": "
                    + String.join("; ", inTime.stream().map(r -> r.error().orElse("")).toList()),
                -1));
      }
    }
  }
}
