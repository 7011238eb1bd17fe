package io.dvc.app.testnet.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.dvc.common.net.LoopbackPorts;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The beacon fault proxy in front of a tiny fake beacon node on loopback. */
@Timeout(60)
class BeaconFaultProxyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final CountDownLatch secondEvent = new CountDownLatch(1);
  private final java.util.concurrent.ExecutorService beaconThreads =
      java.util.concurrent.Executors.newFixedThreadPool(4);
  private HttpServer beacon;
  private BeaconFaultProxy proxy;

  @BeforeEach
  void start() throws Exception {
    beacon = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    beacon.createContext(
        "/eth/v1/validator/attestation_data",
        ex -> {
          final String slot = ex.getRequestURI().getQuery().replaceAll(".*slot=(\\d+).*", "$1");
          answer(ex, "{\"data\":{\"slot\":\"" + slot + "\",\"index\":\"0\"}}");
        });
    beacon.createContext(
        "/eth/v1/node/syncing",
        ex ->
            answer(ex, "{\"data\":{\"head_slot\":\"" + headSlot + "\",\"sync_distance\":\"0\"}}"));
    beacon.createContext(
        "/eth/v1/events",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "text/event-stream");
          ex.sendResponseHeaders(200, 0);
          try (OutputStream out = ex.getResponseBody()) {
            out.write("event: head\ndata: {\"slot\":\"1\"}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            secondEvent.await(20, TimeUnit.SECONDS);
            out.write("event: head\ndata: {\"slot\":\"2\"}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
          } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    beacon.setExecutor(beaconThreads);
    beacon.start();
    proxy =
        new BeaconFaultProxy(
            3,
            URI.create("http://127.0.0.1:" + beacon.getAddress().getPort()),
            new LoopbackPorts());
  }

  private volatile long headSlot = 7;

  @AfterEach
  void stop() {
    proxy.close();
    beacon.stop(0);
    beaconThreads.shutdownNow();
  }

  private static void answer(final com.sun.net.httpserver.HttpExchange ex, final String json)
      throws java.io.IOException {
    final byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Eth-Consensus-Version", "electra");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private HttpResponse<String> get(final String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(proxy.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutAFaultAnswersPassUnchangedWithTheirHeaders() throws Exception {
    final HttpResponse<String> answer =
        get("/eth/v1/validator/attestation_data?slot=12&committee_index=0");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Eth-Consensus-Version")).hasValue("electra");
    assertThat(JSON.readTree(answer.body()).path("data").path("slot").asText()).isEqualTo("12");
    assertThat(proxy.rewritten.get()).isZero();
  }

  @Test
  void aFailingBeaconNodeAnswers503() throws Exception {
    proxy.setFault(new BeaconFault(BeaconFault.Kind.ERROR, 0));
    assertThat(get("/eth/v1/node/syncing").statusCode()).isEqualTo(503);
    proxy.setFault(BeaconFault.NONE);
    assertThat(get("/eth/v1/node/syncing").statusCode()).isEqualTo(200);
    assertThat(proxy.refused.get()).isEqualTo(1);
  }

  @Test
  void wrongDataIsAttestationDataForTheSlotBefore() throws Exception {
    proxy.setFault(new BeaconFault(BeaconFault.Kind.WRONG_DATA, 0));
    final JsonNode data =
        JSON.readTree(get("/eth/v1/validator/attestation_data?slot=12&committee_index=0").body());
    assertThat(data.path("data").path("slot").asText()).isEqualTo("11");
    assertThat(proxy.rewritten.get()).isEqualTo(1);
  }

  @Test
  void aSlowBeaconNodeHoldsEveryAnswer() throws Exception {
    proxy.setFault(new BeaconFault(BeaconFault.Kind.SLOW, 300));
    final long start = System.nanoTime();
    assertThat(get("/eth/v1/node/syncing").statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    assertThat(proxy.delayed.get()).isEqualTo(1);
  }

  @Test
  void aStaleHeadFreezesTheSyncingHeadAndWithholdsEvents() throws Exception {
    final HttpResponse<InputStream> events =
        http.send(
            HttpRequest.newBuilder(URI.create(proxy.url() + "/eth/v1/events?topics=head")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    final InputStream stream = events.body();
    final byte[] first = new byte[64];
    final int n = stream.read(first);
    assertThat(new String(first, 0, n, StandardCharsets.UTF_8)).contains("\"slot\":\"1\"");

    proxy.setFault(new BeaconFault(BeaconFault.Kind.STALE_HEAD, 0));
    assertThat(JSON.readTree(get("/eth/v1/node/syncing").body()).path("data").path("head_slot"))
        .hasToString("\"7\"");
    headSlot = 9;
    final JsonNode frozen = JSON.readTree(get("/eth/v1/node/syncing").body()).path("data");
    assertThat(frozen.path("head_slot").asText()).isEqualTo("7");
    assertThat(frozen.path("is_syncing").asBoolean()).isFalse();

    secondEvent.countDown();
    // the second event is withheld: the stream ends when the fake beacon node closes it
    assertThat(stream.readAllBytes()).isEmpty();
    assertThat(proxy.withheldEventBytes.get()).isPositive();
  }
}
