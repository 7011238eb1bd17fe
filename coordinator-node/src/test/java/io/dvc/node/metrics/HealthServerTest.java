package io.dvc.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HealthServerTest {
  private HealthServer server;
  private final List<Socket> hung = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    server =
        new HealthServer(
            new InetSocketAddress("127.0.0.1", 0),
            new PrometheusRegistry(),
            () -> Optional.of("waiting for a beacon node"));
    server.addHandler("/dvc/v1/duties", exchange -> HealthServer.respondJson(exchange, 200, "[]"));
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (final Socket socket : hung) {
      socket.close();
    }
    server.close();
  }

  /** A scraper that sent half a request and then hangs (never sends the blank line). */
  private void hangingClient(final String path) throws Exception {
    final Socket socket = new Socket("127.0.0.1", server.port());
    hung.add(socket);
    final OutputStream out = socket.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private HttpResponse<String> get(final String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Timeout(60)
  void hungClientsDoNotStallLivenessReadinessDutiesOrMetrics() throws Exception {
    for (int i = 0; i < HealthServer.MAX_THREADS / 2; i++) {
      hangingClient(i % 2 == 0 ? "/metrics" : "/livez");
    }
    // With one server thread, the first half request it takes blocks every later exchange.
    assertThat(get("/livez").statusCode()).isEqualTo(200);
    final HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("waiting for a beacon node\n");
    assertThat(get("/dvc/v1/duties").body()).isEqualTo("[]");
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
  }
}
