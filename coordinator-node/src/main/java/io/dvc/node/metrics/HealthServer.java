package io.dvc.node.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Serves {@code /metrics} (Prometheus text format), {@code /livez} (the process runs) and {@code
 * /readyz} (the node can do duties: the readiness check says why not), and whatever else the node
 * adds ({@code /dvc/v1/duties}, {@code /dvc/v1/status}).
 *
 * <p>One slow or hung client must not stall the others (a liveness probe behind a hung scraper
 * would restart a healthy node): the JDK server reads each request on an executor thread, so
 * exchanges run on a pool of up to {@link #MAX_THREADS} threads (created on demand, idle ones
 * retire), and the JDK's own request and response time limits ({@code
 * sun.net.httpserver.maxReqTime} / {@code maxRspTime}, set to {@link #EXCHANGE_LIMIT_SECONDS} s
 * unless the JVM was given other values) close exchanges that hang.
 */
public final class HealthServer implements AutoCloseable {
  /** Exchanges served at once; more wait in a queue. */
  public static final int MAX_THREADS = 16;

  /** Longest time a client may take to send its request or read the response. */
  public static final int EXCHANGE_LIMIT_SECONDS = 10;

  static {
    // Read once by the JDK server's configuration class, before the first server is made.
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(EXCHANGE_LIMIT_SECONDS));
    }
    if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
      System.setProperty("sun.net.httpserver.maxRspTime", Integer.toString(EXCHANGE_LIMIT_SECONDS));
    }
  }

  private final HttpServer server;
  private final ThreadPoolExecutor executor;

  /** Readiness: empty when ready, else the reason. */
  public interface Readiness extends Supplier<java.util.Optional<String>> {}

  public HealthServer(
      final InetSocketAddress address, final PrometheusRegistry registry, final Readiness readiness)
      throws IOException {
    server = HttpServer.create(address, 64);
    final AtomicInteger threads = new AtomicInteger();
    executor =
        new ThreadPoolExecutor(
            MAX_THREADS,
            MAX_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              final Thread thread = new Thread(r, "health-http-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
    server.setExecutor(executor);
    final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    server.createContext(
        "/metrics",
        exchange -> {
          final ByteArrayOutputStream out = new ByteArrayOutputStream();
          writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
          respond(exchange, 200, writer.getContentType(), out.toByteArray());
        });
    server.createContext(
        "/livez",
        exchange -> respond(exchange, 200, "text/plain", "ok\n".getBytes(StandardCharsets.UTF_8)));
    server.createContext(
        "/readyz",
        exchange -> {
          final java.util.Optional<String> notReady = readiness.get();
          respond(
              exchange,
              notReady.isEmpty() ? 200 : 503,
              "text/plain",
              (notReady.orElse("ready") + "\n").getBytes(StandardCharsets.UTF_8));
        });
  }

  /** Serves another path; call before {@link #start()}. */
  public void addHandler(final String path, final com.sun.net.httpserver.HttpHandler handler) {
    server.createContext(path, handler);
  }

  /** Answers with a JSON body. */
  public static void respondJson(final HttpExchange exchange, final int status, final String json)
      throws IOException {
    respond(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void respond(
      final HttpExchange exchange, final int status, final String contentType, final byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
