package io.dvc.node.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dvc.common.async.ScheduledAsyncRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HttpBeaconEventsTest {
  private static final String ROOT = "0x" + "ab".repeat(32);
  private static final String HEAD =
      "event: head\ndata: {\"slot\":\"%d\",\"block\":\""
          + ROOT
          + "\",\"state\":\""
          + ROOT
          + "\",\"epoch_transition\":false,\"previous_duty_dependent_root\":\""
          + ROOT
          + "\",\"current_duty_dependent_root\":\""
          + ROOT
          + "\",\"execution_optimistic\":false}\n\n";

  private final ExecutorService executor = Executors.newCachedThreadPool(daemon("events-test"));
  private final ScheduledAsyncRunner runner = new ScheduledAsyncRunner("events-runner", 1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private final BlockingQueue<HeadEvent> heads = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> connects = new LinkedBlockingQueue<>();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private HttpServer server;
  private HttpBeaconEvents events;

  private static java.util.concurrent.ThreadFactory daemon(final String name) {
    return r -> {
      final Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @AfterEach
  void stop() {
    if (events != null) {
      events.close();
    }
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
    runner.close();
    executor.shutdownNow();
    ((Logger) LoggerFactory.getLogger(HttpBeaconEvents.class)).detachAppender(log);
  }

  private interface Handler {
    void handle(int connection, OutputStream out) throws IOException, InterruptedException;
  }

  private String serve(final Handler handler) throws IOException {
    final AtomicInteger connections = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext(
        "/eth/v1/events",
        (HttpExchange exchange) -> {
          queries.add(exchange.getRequestURI().getRawQuery());
          exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            handler.handle(connections.getAndIncrement(), out);
          } catch (final IOException | InterruptedException closed) {
            // the client went away
          }
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void start(final List<String> urls, final List<String> topics, final int maxLine) {
    start(urls, topics, maxLine, Duration.ofSeconds(30));
  }

  private void start(
      final List<String> urls, final List<String> topics, final int maxLine, final Duration idle) {
    events =
        new HttpBeaconEvents(
            urls,
            topics,
            HttpBeaconNode.httpClient(Duration.ofSeconds(2), executor),
            runner,
            Duration.ofMillis(10),
            Duration.ofMillis(40),
            Duration.ofSeconds(2),
            idle,
            maxLine);
    events.onHead(heads::add);
    events.onConnected(connects::add);
    events.start();
  }

  private static void write(final OutputStream out, final String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Test
  void severalTopicsAreRepeatedQueryParameters() {
    assertThat(HttpBeaconEvents.path(List.of("head", "block")))
        .isEqualTo("/eth/v1/events?topics=head&topics=block");
  }

  @Test
  void headEventsAreDeliveredAndTheConnectionAnnounced() throws Exception {
    final String url =
        serve(
            (n, out) -> {
              write(out, ": keep-alive\n\n");
              write(out, String.format(HEAD, 17).replace("\n", "\r\n"));
              write(out, "event: block\ndata: {\"slot\":\"18\"}\n\n");
              write(out, String.format(HEAD, 18));
              release.await(10, TimeUnit.SECONDS);
            });
    start(List.of(url), List.of("head", "block"), 4096);
    assertThat(connects.poll(5, TimeUnit.SECONDS)).isEqualTo(url);
    assertThat(heads.poll(5, TimeUnit.SECONDS).slot()).isEqualTo(17);
    assertThat(heads.poll(5, TimeUnit.SECONDS).slot()).isEqualTo(18);
    assertThat(queries).containsExactly("topics=head&topics=block");
  }

  @Test
  void aStreamThatEndsIsReconnectedAndEachConnectAnnounced() throws Exception {
    final String url = serve((n, out) -> write(out, String.format(HEAD, n)));
    start(List.of(url), List.of("head"), 4096);
    for (int i = 0; i < 3; i++) {
      assertThat(connects.poll(5, TimeUnit.SECONDS)).isEqualTo(url);
      assertThat(heads.poll(5, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void aNodeThatRefusesIsPassedOverForTheNext() throws Exception {
    final int closedPort;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = free.getLocalPort();
    }
    final String good =
        serve(
            (n, out) -> {
              write(out, String.format(HEAD, 5));
              release.await(10, TimeUnit.SECONDS);
            });
    start(List.of("http://127.0.0.1:" + closedPort, good), List.of("head"), 4096);
    assertThat(connects.poll(5, TimeUnit.SECONDS)).isEqualTo(good);
    assertThat(heads.poll(5, TimeUnit.SECONDS).slot()).isEqualTo(5);
  }

  @Test
  void aLineLongerThanTheBoundDropsTheConnectionWithoutReadingOn() throws Exception {
    final AtomicLong written = new AtomicLong();
    final CountDownLatch cutOff = new CountDownLatch(1);
    final long intended = 64L << 20;
    final String url =
        serve(
            (n, out) -> {
              if (n > 0) {
                write(out, String.format(HEAD, 9));
                release.await(10, TimeUnit.SECONDS);
                return;
              }
              final byte[] chunk = "x".repeat(16 << 10).getBytes(StandardCharsets.US_ASCII);
              write(out, "data: ");
              try {
                while (written.get() < intended) {
                  out.write(chunk);
                  written.addAndGet(chunk.length);
                }
              } finally {
                cutOff.countDown();
              }
            });
    start(List.of(url), List.of("head"), 4096);
    assertThat(cutOff.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(written.get()).isLessThan(intended);
    assertThat(heads.poll(5, TimeUnit.SECONDS).slot()).isEqualTo(9);
  }

  @Test
  void aMalformedHeadEventIsLoggedEscapedAndTheStreamGoesOn() throws Exception {
    ((Logger) LoggerFactory.getLogger(HttpBeaconEvents.class)).addAppender(log);
    log.start();
    final String url =
        serve(
            (n, out) -> {
              write(out, "event: head\ndata: {\"slot\":\"x\\n12:00 INFO forged\"}\n\n");
              write(out, String.format(HEAD, 3));
              release.await(10, TimeUnit.SECONDS);
            });
    start(List.of(url), List.of("head"), 4096);
    assertThat(heads.poll(5, TimeUnit.SECONDS).slot()).isEqualTo(3);
    final List<String> warnings =
        log.list.stream()
            .map(ILoggingEvent::getFormattedMessage)
            .filter(m -> m.contains("malformed"))
            .toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).doesNotContain("\n").contains("in: \"x\\n12:00 INFO forge");
  }

  @Test
  void aStreamThatFallsSilentIsClosedAndReconnected() throws Exception {
    final String url =
        serve(
            (n, out) -> {
              write(out, String.format(HEAD, n));
              release.await(10, TimeUnit.SECONDS); // then silence, connection open
            });
    start(List.of(url), List.of("head"), 4096, Duration.ofMillis(200));
    assertThat(heads.poll(5, TimeUnit.SECONDS).slot()).isEqualTo(0);
    assertThat(heads.poll(5, TimeUnit.SECONDS).slot()).isEqualTo(1);
    assertThat(connects).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void theBackoffDoublesUpToItsCap() {
    final Duration min = Duration.ofMillis(500);
    final Duration max = Duration.ofSeconds(8);
    assertThat(HttpBeaconEvents.backoff(0, min, max)).isEqualTo(min);
    assertThat(HttpBeaconEvents.backoff(3, min, max)).isEqualTo(Duration.ofSeconds(4));
    assertThat(HttpBeaconEvents.backoff(5, min, max)).isEqualTo(max);
    assertThat(HttpBeaconEvents.backoff(1000, min, max)).isEqualTo(max);
  }
}
