package io.dvc.node.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dvc.common.async.ScheduledAsyncRunner;
import io.dvc.node.beacon.api.GetAttestationData;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Checkpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The production client over loopback HTTP: a bad first node must not cost the duty. */
class BeaconClientsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final AttestationData DATA =
      new AttestationData(
          100,
          0,
          Bytes.fromHex("0x" + "aa".repeat(32)),
          new Checkpoint(2, Bytes.fromHex("0x" + "bb".repeat(32))),
          new Checkpoint(3, Bytes.fromHex("0x" + "cc".repeat(32))));

  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            final Thread t = new Thread(r, "clients-test");
            t.setDaemon(true);
            return t;
          });
  private final ScheduledAsyncRunner runner = new ScheduledAsyncRunner("clients-runner", 1);
  private final List<String> exchanges = new CopyOnWriteArrayList<>();
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
    runner.close();
    executor.shutdownNow();
  }

  private String good() throws IOException {
    final byte[] body =
        ("{\"data\":" + Schemas.MAINNET.attestationData.toJson(DATA) + "}")
            .getBytes(StandardCharsets.UTF_8);
    return server(out -> out.write(body), body.length);
  }

  private interface Body {
    void write(OutputStream out) throws IOException;
  }

  private String server(final Body body, final long length) throws IOException {
    final HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, length);
          try (OutputStream out = exchange.getResponseBody()) {
            body.write(out);
          } catch (final IOException closed) {
            // the client went away
          }
        });
    server.start();
    servers.add(server);
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private FailoverBeaconClient client(final String... urls) {
    return BeaconClients.http(
        List.of(urls),
        TIMEOUT,
        (node, endpoint, nanos, ok) -> exchanges.add(node + " " + ok),
        executor,
        runner);
  }

  /**
   * Audit finding 2: the first node sends headers and stalls; the duty gets the second node's
   * answer (hedged, well before the timeout), and the stalled connection is closed at the timeout.
   */
  @Test
  void aStalledFirstNodeIsHedgedAndItsConnectionClosedAtTheTimeout() throws Exception {
    try (StallingServer stalled =
        new StallingServer(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 900\r\n\r\n{")) {
      final FailoverBeaconClient client = client(stalled.url(), good());
      final AttestationData data =
          client.call(new GetAttestationData(100, 0, 32)).get(5, TimeUnit.SECONDS);
      assertThat(data).isEqualTo(DATA);
      assertThat(stalled.closedByClient.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(exchanges).contains(stalled.url() + " false");
    }
  }

  /** Audit finding 1: a huge attestation_data answer is cut at the bound; the next node answers. */
  @Test
  void aHugeAnswerIsCutAtItsBoundAndTheNextNodeAnswers() throws Exception {
    final long huge = 700L << 20;
    final AtomicLong written = new AtomicLong();
    final CountDownLatch cutOff = new CountDownLatch(1);
    final String flooding =
        server(
            out -> {
              out.write("{\"data\":\"".getBytes(StandardCharsets.US_ASCII));
              final byte[] chunk = new byte[64 << 10];
              java.util.Arrays.fill(chunk, (byte) 'x');
              try {
                while (written.get() < huge) {
                  out.write(chunk);
                  written.addAndGet(chunk.length);
                }
              } finally {
                cutOff.countDown();
              }
            },
            0);
    final FailoverBeaconClient client = client(flooding, good());
    assertThat(client.call(new GetAttestationData(100, 0, 32)).get(5, TimeUnit.SECONDS))
        .isEqualTo(DATA);
    assertThat(cutOff.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(written.get()).isLessThan(huge);
  }
}
