package io.dvc.node.beacon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvc.common.async.AsyncRunner;
import io.dvc.common.bytes.Hex;
import io.dvc.common.events.Subscribers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code /eth/v1/events?topics=head} (server-sent events) of one beacon node and reconnects
 * after a pause whenever the stream ends or fails.
 */
public final class HeadEventStream implements BeaconEvents {
  private static final Logger LOG = LoggerFactory.getLogger(HeadEventStream.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient client;
  private final AsyncRunner runner;
  private final Duration reconnectDelay;
  private final Subscribers<HeadEvent> subscribers = new Subscribers<>();
  private final Subscribers<String> connected = new Subscribers<>();
  private final AtomicBoolean running = new AtomicBoolean();

  public HeadEventStream(
      final String baseUrl,
      final HttpClient client,
      final AsyncRunner runner,
      final Duration reconnectDelay) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.client = client;
    this.runner = runner;
    this.reconnectDelay = reconnectDelay;
  }

  @Override
  public void onHead(final Consumer<HeadEvent> listener) {
    subscribers.subscribe(listener);
  }

  @Override
  public void onConnected(final Consumer<String> listener) {
    connected.subscribe(listener);
  }

  @Override
  public void start() {
    if (running.compareAndSet(false, true)) {
      connect();
    }
  }

  @Override
  public void close() {
    running.set(false);
  }

  private void connect() {
    if (!running.get()) {
      return;
    }
    final HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/eth/v1/events?topics=head"))
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    client
        .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
        .thenAccept(this::consume)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                LOG.debug("event stream of {} failed: {}", baseUrl, error.toString());
              }
              if (running.get()) {
                runner.runAfterDelay(
                    () -> {
                      connect();
                      return null;
                    },
                    reconnectDelay);
              }
            });
  }

  private void consume(final HttpResponse<Stream<String>> response) {
    if (response.statusCode() != 200) {
      response.body().close();
      throw new BeaconApiException(
          baseUrl + "/eth/v1/events: HTTP " + response.statusCode(), response.statusCode());
    }
    connected.deliver(baseUrl);
    final SseParser parser = new SseParser(this::dispatch);
    try (Stream<String> lines = response.body()) {
      lines.takeWhile(line -> running.get()).forEach(parser::line);
    }
  }

  private void dispatch(final String event, final String data) {
    if (!"head".equals(event)) {
      return;
    }
    try {
      final JsonNode node = MAPPER.readTree(data);
      subscribers.deliver(
          new HeadEvent(
              Long.parseUnsignedLong(node.path("slot").asText()),
              Hex.decode(node.path("block").asText(), 32),
              Hex.decode(node.path("previous_duty_dependent_root").asText(), 32),
              Hex.decode(node.path("current_duty_dependent_root").asText(), 32)));
    } catch (final IOException | RuntimeException e) {
      LOG.warn(
          "beacon node {} sent a malformed head event: {}",
          baseUrl,
          Untrusted.escape(String.valueOf(e.getMessage()), 200));
    }
  }

  /** The server-sent-events line protocol: fields until a blank line dispatches the event. */
  static final class SseParser {
    interface Sink {
      void event(String event, String data);
    }

    private final Sink sink;
    private String event = "message";
    private final StringBuilder data = new StringBuilder();

    SseParser(final Sink sink) {
      this.sink = sink;
    }

    void line(final String line) {
      if (line.isEmpty()) {
        if (data.length() > 0) {
          sink.event(event, data.toString());
        }
        event = "message";
        data.setLength(0);
      } else if (line.startsWith("event:")) {
        event = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        if (data.length() > 0) {
          data.append('\n');
        }
        data.append(line.substring(5).strip());
      }
    }
  }
}
