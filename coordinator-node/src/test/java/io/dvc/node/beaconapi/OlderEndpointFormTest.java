package io.dvc.node.beaconapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The old client's fallbacks to older endpoint forms, against answers recorded from Lodestar. */
class OlderEndpointFormTest {
  private static final String KEY_4 =
      "0x81283b7a20e1ca460ebd9bbd77005d557370cabb1f9a44f530c4c4c66230f675f8df8b4c2818851aa7d77a80ca5a4a5e";
  private static final String KEY_5 =
      "0xab0bdda0f85f842f431beaccf1250bf1fd7ba51b4100fd64364b6401fda85bb0069b3e715b58819684e7fc0b10a72a34";
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    executor.shutdownNow();
  }

  private static String recorded(final String name) throws IOException {
    try (InputStream in =
        OlderEndpointFormTest.class.getResourceAsStream("/lodestar-1.5.1/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void answer(final HttpExchange exchange, final int status, final String body)
      throws IOException {
    final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** Routes like Lodestar 1.5.1: no POST validators, no v2 pool, repeated id only. */
  private HttpBeaconNodeClient lodestar() throws IOException {
    final String notFound = recorded("post-validators-404.json");
    final String repeated = recorded("validators-get-repeated.json");
    final String comma = recorded("validators-get-comma.json");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          final String method = exchange.getRequestMethod();
          final String uri = exchange.getRequestURI().toString();
          exchange.getRequestBody().readAllBytes();
          requests.add(method + " " + uri);
          if (uri.startsWith("/eth/v1/beacon/states/head/validators") && method.equals("GET")) {
            answer(exchange, 200, uri.contains(",") ? comma : repeated);
          } else if (uri.equals("/eth/v1/beacon/pool/attestations") && method.equals("POST")) {
            answer(exchange, 200, "{}");
          } else {
            answer(
                exchange,
                404,
                notFound.replace("POST:/eth/v1/beacon/states/head/validators", method + ":" + uri));
          }
        });
    server.start();
    return new HttpBeaconNodeClient(
        new BeaconHttp(
            "http://127.0.0.1:" + server.getAddress().getPort(),
            Duration.ofSeconds(5),
            executor,
            (base, endpoint, nanos, ok) -> {}));
  }

  @Test
  void validatorsFallBackToGetWithRepeatedIdOnceAndRememberIt() throws Exception {
    final HttpBeaconNodeClient client = lodestar();
    final List<ValidatorInfo> first = client.validators(List.of(KEY_4, KEY_5)).join();
    assertThat(first).extracting(ValidatorInfo::index).containsExactly(4L, 5L);
    assertThat(first.get(0).status()).isEqualTo("active_ongoing");
    client.validators(List.of(KEY_4, KEY_5)).join();
    assertThat(requests)
        .containsExactly(
            "POST /eth/v1/beacon/states/head/validators",
            "GET /eth/v1/beacon/states/head/validators?id=" + KEY_4 + "&id=" + KEY_5,
            "GET /eth/v1/beacon/states/head/validators?id=" + KEY_4 + "&id=" + KEY_5);
  }

  @Test
  void attestationsFallBackToTheV1PoolOnceAndRememberIt() throws Exception {
    final HttpBeaconNodeClient client = lodestar();
    final var attestations = new ObjectMapper().createArrayNode().add("{}");
    assertThat(client.submitAttestations("capella", attestations).join())
        .isEqualTo(SubmitResult.ACCEPTED);
    client.submitAttestations("capella", attestations).join();
    assertThat(requests)
        .containsExactly(
            "POST /eth/v2/beacon/pool/attestations",
            "POST /eth/v1/beacon/pool/attestations",
            "POST /eth/v1/beacon/pool/attestations");
  }

  @Test
  void otherErrorsAreNotTakenForAnOlderForm() {
    assertThat(OlderForm.isUnknownRoute(new BeaconApiException("x", 400))).isFalse();
    assertThat(OlderForm.isUnknownRoute(new BeaconApiException("x", 503))).isFalse();
    assertThat(OlderForm.isUnknownRoute(new BeaconApiException("x", 405))).isTrue();
  }
}
