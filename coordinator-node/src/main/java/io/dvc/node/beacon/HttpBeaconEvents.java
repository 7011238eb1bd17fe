package io.dvc.node.beacon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvc.common.async.AsyncRunner;
import io.dvc.common.bytes.Hex;
import io.dvc.common.events.Subscribers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beacon nodes' event stream over HTTP: {@code GET /eth/v1/events?topics=head} (several topics
 * as the spec's repeated parameter, {@code ?topics=head&topics=block}, which Lodestar requires).
 * One stream at a time: when it ends or fails it reconnects after a backoff (doubling from {@code
 * minDelay} to {@code maxDelay}, reset once a stream delivers an event), to the same node if that
 * stream delivered an event, else to the next node in configured order (a node that refuses, or
 * accepts and then closes without events, is passed over). A stream on which nothing at all arrives
 * for a whole {@code idleTimeout} (no event, no keep-alive comment) is closed and reconnected, so a
 * silently dead connection does not end head events. Lines are bounded ({@link EventStreamReader});
 * text from the node is escaped before it is logged.
 */
public final class HttpBeaconEvents implements BeaconEvents {
  private static final Logger LOG = LoggerFactory.getLogger(HttpBeaconEvents.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<String> urls;
  private final List<String> topics;
  private final HttpClient client;
  private final AsyncRunner runner;
  private final Duration minDelay;
  private final Duration maxDelay;
  private final Duration connectTimeout;
  private final Duration idleTimeout;
  private final int maxLineBytes;
  private final Subscribers<HeadEvent> heads = new Subscribers<>();
  private final Subscribers<String> connected = new Subscribers<>();
  private final AtomicReference<EventStreamReader> current = new AtomicReference<>();
  private volatile boolean running;
  private int node;
  private int failures;

  /**
   * @param urls the beacon nodes' base URLs, in preference order
   * @param topics e.g. {@code List.of("head")}; only head events are delivered so far
   * @param connectTimeout how long to wait for the stream's response headers
   * @param idleTimeout a stream silent for this long (checked every {@code idleTimeout}) is closed
   */
  public HttpBeaconEvents(
      final List<String> urls,
      final List<String> topics,
      final HttpClient client,
      final AsyncRunner runner,
      final Duration minDelay,
      final Duration maxDelay,
      final Duration connectTimeout,
      final Duration idleTimeout,
      final int maxLineBytes) {
    if (urls.isEmpty() || topics.isEmpty()) {
      throw new IllegalArgumentException("at least one beacon node and one topic are required");
    }
    this.urls =
        urls.stream().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).toList();
    this.topics = List.copyOf(topics);
    this.client = client;
    this.runner = runner;
    this.minDelay = minDelay;
    this.maxDelay = maxDelay;
    this.connectTimeout = connectTimeout;
    this.idleTimeout = idleTimeout;
    this.maxLineBytes = maxLineBytes;
  }

  /** {@code /eth/v1/events?topics=a&topics=b}: the topics as repeated query parameters. */
  public static String path(final List<String> topics) {
    return "/eth/v1/events?topics=" + String.join("&topics=", topics);
  }

  /** The wait before reconnect number {@code failures} (0 after a connect): doubling, capped. */
  static Duration backoff(final int failures, final Duration min, final Duration max) {
    final Duration delay = min.multipliedBy(1L << Math.min(failures, 20));
    return delay.compareTo(max) > 0 ? max : delay;
  }

  @Override
  public void onHead(final Consumer<HeadEvent> listener) {
    heads.subscribe(listener);
  }

  @Override
  public void onConnected(final Consumer<String> listener) {
    connected.subscribe(listener);
  }

  @Override
  public synchronized void start() {
    if (!running) {
      running = true;
      connect();
    }
  }

  @Override
  public void close() {
    running = false;
    final EventStreamReader reader = current.getAndSet(null);
    if (reader != null) {
      reader.cancel();
    }
  }

  private void connect() {
    if (!running) {
      return;
    }
    final String url;
    synchronized (this) {
      url = urls.get(node);
    }
    final Attempt attempt = new Attempt();
    final EventStreamReader reader =
        new EventStreamReader(
            maxLineBytes,
            (event, data) -> {
              if (!attempt.delivered) {
                attempt.delivered = true;
                synchronized (this) {
                  failures = 0;
                }
              }
              dispatch(url, event, data);
            });
    final HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + path(topics)))
            .timeout(connectTimeout)
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    current.set(reader);
    client
        .sendAsync(
            request,
            info -> {
              if (info.statusCode() != 200) {
                return HttpResponse.BodySubscribers.replacing(null);
              }
              attempt.opened = true;
              onOpened(url);
              return reader;
            })
        .whenComplete((response, error) -> onEnded(url, attempt, response, error));
    watch(url, reader, -1);
  }

  /** Closes the stream when no chunk arrived since the last look, {@code idleTimeout} ago. */
  private void watch(final String url, final EventStreamReader reader, final long seen) {
    runner.runAfterDelay(
        () -> {
          if (!running || current.get() != reader) {
            return null;
          }
          final long now = reader.chunksReceived();
          if (now == seen) {
            LOG.warn(
                "event stream of {} sent nothing for {} ms; closing it",
                url,
                idleTimeout.toMillis());
            reader.cancel();
          } else {
            watch(url, reader, now);
          }
          return null;
        },
        idleTimeout);
  }

  /** What one connection attempt achieved. */
  private static final class Attempt {
    volatile boolean opened;
    volatile boolean delivered;
  }

  private void onOpened(final String url) {
    LOG.info("event stream of {} connected ({})", url, String.join(",", topics));
    connected.deliver(url);
  }

  private void onEnded(
      final String url,
      final Attempt attempt,
      final HttpResponse<Void> response,
      final Throwable error) {
    if (!running) {
      return;
    }
    final String reason =
        error != null
            ? Untrusted.escape(String.valueOf(rootCause(error)), 300)
            : attempt.opened ? "the stream ended" : "HTTP " + response.statusCode();
    final Duration delay;
    synchronized (this) {
      if (!attempt.delivered) {
        node = (node + 1) % urls.size();
      }
      delay = backoff(failures, minDelay, maxDelay);
      failures++;
      if (failures == 1 || failures % 10 == 0) {
        LOG.warn("event stream of {}: {}; reconnecting in {} ms", url, reason, delay.toMillis());
      } else {
        LOG.debug("event stream of {}: {}; reconnecting in {} ms", url, reason, delay.toMillis());
      }
    }
    runner.runAfterDelay(
        () -> {
          connect();
          return null;
        },
        delay);
  }

  private void dispatch(final String url, final String event, final String data) {
    if (!"head".equals(event)) {
      return;
    }
    final HeadEvent head;
    try {
      final JsonNode json = MAPPER.readTree(data);
      head =
          new HeadEvent(
              Long.parseUnsignedLong(json.path("slot").asText()),
              Hex.decode(json.path("block").asText(), 32),
              Hex.decode(json.path("previous_duty_dependent_root").asText(), 32),
              Hex.decode(json.path("current_duty_dependent_root").asText(), 32));
    } catch (final java.io.IOException | RuntimeException e) {
      LOG.warn(
          "beacon node {} sent a malformed head event ({}): {}",
          url,
          Untrusted.escape(String.valueOf(e.getMessage()), 200),
          Untrusted.escape(data, 200));
      return;
    }
    heads.deliver(head);
  }

  private static String rootCause(final Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
