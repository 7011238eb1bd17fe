package io.dvc.app.testnet.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dvc.common.net.LoopbackPorts;
import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy on loopback between one DVC node and the testnet's beacon node, injecting a {@link
 * BeaconFault} that changes at slot starts: slow answers, 503s, a stale head (events withheld, the
 * syncing endpoint frozen), or attestation data for the wrong slot. Everything else passes through
 * unchanged, headers included; the event stream is forwarded as it arrives.
 */
final class BeaconFaultProxy implements AutoCloseable {
  private static final String EVENTS = "/eth/v1/events";
  private static final String SYNCING = "/eth/v1/node/syncing";
  private static final String ATTESTATION_DATA = "/eth/v1/validator/attestation_data";
  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "expect");
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int node;
  private final URI target;
  private final HttpServer server;
  private final ExecutorService handlers =
      Executors.newFixedThreadPool(
          16,
          r -> {
            final Thread t = new Thread(r, "chaos-beacon-proxy");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private volatile BeaconFault fault = BeaconFault.NONE;
  private volatile String frozenHeadSlot;

  final AtomicLong requests = new AtomicLong();
  final AtomicLong delayed = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  final AtomicLong rewritten = new AtomicLong();
  final AtomicLong withheldEventBytes = new AtomicLong();

  BeaconFaultProxy(final int node, final URI target, final LoopbackPorts ports) throws IOException {
    this.node = node;
    this.target = target;
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.next()), 64);
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  int node() {
    return node;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  BeaconFault fault() {
    return fault;
  }

  void setFault(final BeaconFault next) {
    frozenHeadSlot = null;
    fault = next;
  }

  private void handle(final HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      final BeaconFault now = fault;
      if (now.kind() == BeaconFault.Kind.ERROR) {
        refused.incrementAndGet();
        respond(exchange, 503, "{\"code\":503,\"message\":\"chaos: beacon node unavailable\"}");
        return;
      }
      if (now.kind() == BeaconFault.Kind.SLOW) {
        delayed.incrementAndGet();
        TimeUnit.MILLISECONDS.sleep(now.delayMillis());
      }
      final String path = exchange.getRequestURI().getRawPath();
      final HttpRequest request = forward(exchange);
      if (EVENTS.equals(path)) {
        stream(exchange, request);
      } else {
        final HttpResponse<byte[]> answer =
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        copyHeaders(answer, exchange);
        final byte[] body = rewrite(path, answer.statusCode(), answer.body());
        exchange.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
          exchange.getResponseBody().write(body);
        }
      }
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (final IOException | RuntimeException e) {
      // the DVC node sees a broken answer, as from a failing beacon node
    }
  }

  private HttpRequest forward(final HttpExchange exchange) throws IOException {
    final URI uri = target.resolve(exchange.getRequestURI().toString());
    final byte[] body = exchange.getRequestBody().readAllBytes();
    final HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (!EVENTS.equals(uri.getRawPath())) {
      builder.timeout(ANSWER_TIMEOUT);
    }
    for (final Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
      if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
        h.getValue().forEach(v -> builder.header(h.getKey(), v));
      }
    }
    return builder.build();
  }

  /** The event stream, chunk by chunk; under a stale head its events are withheld. */
  private void stream(final HttpExchange exchange, final HttpRequest request)
      throws IOException, InterruptedException {
    final HttpResponse<InputStream> answer =
        client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    copyHeaders(answer, exchange);
    exchange.sendResponseHeaders(answer.statusCode(), 0);
    final OutputStream out = exchange.getResponseBody();
    final byte[] buffer = new byte[8192];
    try (InputStream in = answer.body()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        final BeaconFault now = fault;
        if (now.kind() == BeaconFault.Kind.ERROR) {
          return;
        }
        if (now.kind() == BeaconFault.Kind.STALE_HEAD) {
          withheldEventBytes.addAndGet(n);
          continue;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    }
  }

  private byte[] rewrite(final String path, final int status, final byte[] body) {
    final BeaconFault now = fault;
    if (status != 200) {
      return body;
    }
    try {
      if (now.kind() == BeaconFault.Kind.WRONG_DATA && ATTESTATION_DATA.equals(path)) {
        final JsonNode root = JSON.readTree(body);
        final ObjectNode data = (ObjectNode) root.path("data");
        final long slot = Long.parseLong(data.path("slot").asText());
        data.put("slot", Long.toString(Math.max(0, slot - 1)));
        rewritten.incrementAndGet();
        return JSON.writeValueAsBytes(root);
      }
      if (now.kind() == BeaconFault.Kind.STALE_HEAD && SYNCING.equals(path)) {
        final JsonNode root = JSON.readTree(body);
        final ObjectNode data = (ObjectNode) root.path("data");
        if (frozenHeadSlot == null) {
          frozenHeadSlot = data.path("head_slot").asText();
        }
        data.put("head_slot", frozenHeadSlot);
        data.put("sync_distance", "0");
        data.put("is_syncing", false);
        rewritten.incrementAndGet();
        return JSON.writeValueAsBytes(root);
      }
    } catch (final IOException | RuntimeException e) {
      return body;
    }
    return body;
  }

  private static void copyHeaders(final HttpResponse<?> answer, final HttpExchange exchange) {
    answer
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.startsWith(":")
                  && !HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
              }
            });
  }

  private static void respond(final HttpExchange exchange, final int status, final String json)
      throws IOException {
    final byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
