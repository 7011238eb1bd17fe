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
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves {@code /metrics} (Prometheus text format), {@code /livez} (the process runs) and {@code
 * /readyz} (the node can do duties: the readiness check says why not).
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  /** Readiness: empty when ready, else the reason. */
  public interface Readiness extends Supplier<java.util.Optional<String>> {}

  public HealthServer(
      final InetSocketAddress address, final PrometheusRegistry registry, final Readiness readiness)
      throws IOException {
    server = HttpServer.create(address, 16);
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              final Thread thread = new Thread(r, "health-http");
              thread.setDaemon(true);
              return thread;
            }));
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
