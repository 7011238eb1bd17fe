package io.dvc.node.beacon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpBeaconNodeTest {
  /** Long enough for a cold JVM's first exchange; the stall tests use a short one. */
  private static final Duration TIMEOUT = Duration.ofMillis(3000);

  private static final Duration SHORT = Duration.ofMillis(500);
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            final Thread t = new Thread(r, "http-test");
            t.setDaemon(true);
            return t;
          });
  private final List<String> exchanges = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private StallingServer stalled;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.stop(0);
    }
    if (stalled != null) {
      stalled.close();
    }
    executor.shutdownNow();
  }

  private HttpBeaconNode node(final String url) {
    return node(url, TIMEOUT);
  }

  private HttpBeaconNode node(final String url, final Duration timeout) {
    return new HttpBeaconNode(
        url + "/",
        HttpBeaconNode.httpClient(timeout, executor),
        timeout,
        (node, endpoint, nanos, ok) -> exchanges.add(node + " " + endpoint + " " + ok),
        System::nanoTime);
  }

  private String serve(final String path, final int status, final String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        path,
        exchange -> {
          final byte[] request = exchange.getRequestBody().readAllBytes();
          final byte[] bytes =
              body.replace("$METHOD", exchange.getRequestMethod())
                  .replace(
                      "$VERSION",
                      String.valueOf(
                          exchange.getRequestHeaders().getFirst("Eth-Consensus-Version")))
                  .replace("$BODY", new String(request, StandardCharsets.UTF_8))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void readsTheWholeAnswerWithStatusAndHeaders() throws Exception {
    final String url = serve("/eth/v1/node/version", 200, "{\"data\":{\"version\":\"x/1\"}}");
    final BeaconAnswer answer =
        node(url).exchange(HttpForm.get("/eth/v1/node/version"), 1024).get(5, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.node()).isEqualTo(url);
    assertThat(answer.header("Content-Type")).contains("application/json");
    assertThat(answer.data("/eth/v1/node/version").path("version").asText()).isEqualTo("x/1");
    assertThat(exchanges).containsExactly(url + " /eth/v1/node/version true");
  }

  @Test
  void postsTheBodyWithItsHeaders() throws Exception {
    final String url = serve("/eth/v2/beacon/pool/attestations", 200, "$METHOD $VERSION $BODY");
    final BeaconAnswer answer =
        node(url)
            .exchange(
                HttpForm.postJson(
                    "/eth/v2/beacon/pool/attestations",
                    "[1]",
                    Map.of("Eth-Consensus-Version", "electra")),
                1024)
            .get(5, TimeUnit.SECONDS);
    assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("POST electra [1]");
  }

  @Test
  void reportsRouteLabelsWithoutEpochsOrRoots() throws Exception {
    final String url = serve("/eth/v1/validator/duties/proposer", 503, "{\"message\":\"later\"}");
    final BeaconAnswer answer =
        node(url)
            .exchange(HttpForm.get("/eth/v1/validator/duties/proposer/12345"), 1024)
            .get(5, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(503);
    assertThat(exchanges).containsExactly(url + " /eth/v1/validator/duties/proposer/{} false");
    assertThat(HttpBeaconNode.routeLabel("/eth/v1/beacon/blocks/0xabcd/root"))
        .isEqualTo("/eth/v1/beacon/blocks/{}/root");
  }

  @Test
  void anAnswerWithALargerContentLengthThanAllowedFails() throws Exception {
    final String url = serve("/eth/v1/config/spec", 200, "{\"data\":\"" + "x".repeat(5000) + "\"}");
    assertThatThrownBy(
            () -> node(url).exchange(HttpForm.get("/eth/v1/config/spec"), 4096).get(5, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(BeaconApiException.class)
        .hasMessageContaining(url + "/eth/v1/config/spec")
        .hasMessageContaining("answer larger than the 4096 bytes allowed");
  }

  /** Audit finding 1: a huge answer is cut off while streaming, never read whole. */
  @Test
  void aStreamedOversizedAnswerIsCutOffAndItsConnectionClosed() throws Exception {
    final long intended = 256L << 20;
    final AtomicLong written = new AtomicLong();
    final CountDownLatch serverDone = new CountDownLatch(1);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, 0); // chunked, no length announced
          final byte[] chunk = new byte[64 << 10];
          try (OutputStream out = exchange.getResponseBody()) {
            while (written.get() < intended) {
              out.write(chunk);
              written.addAndGet(chunk.length);
            }
          } catch (final IOException expected) {
            // the client closed the connection
          } finally {
            serverDone.countDown();
          }
        });
    server.start();
    final String url = "http://127.0.0.1:" + server.getAddress().getPort();
    assertThatThrownBy(
            () ->
                node(url)
                    .exchange(HttpForm.get("/eth/v1/validator/attestation_data"), 1 << 20)
                    .get(5, SECONDS))
        .cause()
        .hasMessageContaining("answer larger than the 1048576 bytes allowed");
    assertThat(serverDone.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(written.get()).isLessThan(intended);
  }

  /**
   * Audit finding 2: headers, then a stalled body. The old client's timeout covered only the
   * headers and waited forever here, holding the connection.
   */
  @Test
  void aNodeThatStallsAfterTheHeadersFailsAtTheTimeoutAndItsConnectionIsClosed() throws Exception {
    final String url =
        stallingServer(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                + "{\"data\":");
    final HttpBeaconNode node = node(url, SHORT);
    final long start = System.nanoTime();
    assertThatThrownBy(
            () -> node.exchange(HttpForm.get("/eth/v1/node/syncing"), 4096).get(5, SECONDS))
        .cause()
        .isInstanceOf(BeaconApiException.class)
        .hasMessage(url + "/eth/v1/node/syncing: no complete answer within 500 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(stalled.closedByClient.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(exchanges).containsExactly(url + " /eth/v1/node/syncing false");
  }

  @Test
  void aNodeThatNeverAnswersFailsAtTheTimeout() throws Exception {
    final String url = stallingServer("");
    assertThatThrownBy(
            () ->
                node(url, SHORT)
                    .exchange(HttpForm.get("/eth/v1/node/syncing"), 4096)
                    .get(5, SECONDS))
        .cause()
        .hasMessageContaining("no complete answer within 500 ms");
    assertThat(stalled.closedByClient.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aRefusedConnectionFailsNamingTheNode() throws Exception {
    final int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    final String url = "http://127.0.0.1:" + port;
    assertThatThrownBy(
            () -> node(url).exchange(HttpForm.get("/eth/v1/node/syncing"), 4096).get(5, SECONDS))
        .cause()
        .isInstanceOf(BeaconApiException.class)
        .hasMessageStartingWith(url + "/eth/v1/node/syncing: ")
        .hasMessageContaining("ConnectException");
  }

  private String stallingServer(final String prefix) throws IOException {
    stalled = new StallingServer(prefix);
    return stalled.url();
  }

  private static final TimeUnit SECONDS = TimeUnit.SECONDS;
}
