package io.dvc.app.lodestar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.Schemas;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SignedValidatorRegistrationV1;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The builder Lodestar is started with ({@code --builder --builder.urls=}), on loopback: the end of
 * the road of a validator registration. Lodestar 1.5.1 passes the registrations it accepts on to
 * its builder without checking their signatures, so this builder checks each one (builder domain:
 * GENESIS_FORK_VERSION, zero genesis validators root) and records, per epoch, which validators'
 * registrations arrived valid and how many did not. It offers no blocks: {@code getHeader} answers
 * 204 (no bid), so every proposer falls back to its own execution payload.
 */
final class RecordingBuilder implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;

  private final Map<Bytes, Integer> indexByPubkey;
  private final SigningRoots roots;
  private final LongSupplier currentEpoch;
  private final Map<Long, Map<Integer, Integer>> valid = new TreeMap<>();
  private final Map<String, Integer> invalid = new TreeMap<>();
  private HttpServer server;
  private String url;

  /**
   * @param indexByPubkey the chain's validators
   * @param genesisForkVersion GENESIS_FORK_VERSION of the chain's config
   * @param currentEpoch the chain's clock
   */
  RecordingBuilder(
      final Map<Bytes, Integer> indexByPubkey,
      final Bytes genesisForkVersion,
      final LongSupplier currentEpoch) {
    this.indexByPubkey = Map.copyOf(indexByPubkey);
    this.roots =
        new SigningRoots(
            ForkSchedule.of(
                Map.of(ForkName.PHASE0, genesisForkVersion),
                Map.of(),
                Bytes.zero(32),
                0,
                1,
                Preset.MINIMAL));
    this.currentEpoch = currentEpoch;
  }

  /** Starts serving on an ephemeral port of 127.0.0.1; returns the builder's URL. */
  String start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
    return url;
  }

  /** The URL {@link #start} returned. */
  String url() {
    return url;
  }

  private void handle(final HttpExchange exchange) throws IOException {
    try (exchange) {
      final String path = exchange.getRequestURI().getPath();
      final String method = exchange.getRequestMethod();
      if ("POST".equals(method) && "/eth/v1/builder/validators".equals(path)) {
        final String refusal = register(read(exchange.getRequestBody()));
        reply(exchange, refusal == null ? 200 : 400, refusal);
      } else if ("GET".equals(method) && "/eth/v1/builder/status".equals(path)) {
        reply(exchange, 200, null);
      } else if ("GET".equals(method) && path.startsWith("/eth/v1/builder/header/")) {
        reply(exchange, 204, null);
      } else {
        reply(exchange, 404, "no such builder endpoint: " + method + " " + path);
      }
    }
  }

  /** Checks and records each registration; null when all are valid, else why not. */
  private synchronized String register(final byte[] body) {
    final JsonNode array;
    try {
      array = JSON.readTree(body);
    } catch (final IOException e) {
      invalid.merge("malformed", 1, Integer::sum);
      return "request body is not JSON";
    }
    if (array == null || !array.isArray()) {
      invalid.merge("malformed", 1, Integer::sum);
      return "request body is not a JSON array";
    }
    final long epoch = currentEpoch.getAsLong();
    String refusal = null;
    for (final JsonNode element : array) {
      final String why = check(element, epoch);
      if (why != null) {
        invalid.merge(why, 1, Integer::sum);
        refusal = why;
      }
    }
    return refusal;
  }

  private String check(final JsonNode element, final long epoch) {
    final SignedValidatorRegistrationV1 signed;
    try {
      signed = Schemas.MAINNET.signedValidatorRegistrationV1.fromJson(element);
    } catch (final RuntimeException e) {
      return "malformed";
    }
    final Integer index = indexByPubkey.get(signed.message().pubkey());
    if (index == null) {
      return "unknown_validator";
    }
    final boolean verifies;
    try {
      verifies =
          Bls.verify(
              BlsPublicKey.fromBytes(signed.message().pubkey().toArray()),
              roots.validatorRegistration(signed.message()).toArray(),
              BlsSignature.fromBytes(signed.signature().toArray()));
    } catch (final RuntimeException e) {
      return "invalid_signature";
    }
    if (!verifies) {
      return "invalid_signature";
    }
    valid.computeIfAbsent(epoch, e -> new TreeMap<>()).merge(index, 1, Integer::sum);
    return null;
  }

  /** epoch -> (validator index -> valid registrations received in it). */
  synchronized Map<Long, Map<Integer, Integer>> validByEpoch() {
    final Map<Long, Map<Integer, Integer>> copy = new TreeMap<>();
    valid.forEach((epoch, counts) -> copy.put(epoch, new TreeMap<>(counts)));
    return copy;
  }

  /** reason -> registrations refused for it. */
  synchronized Map<String, Integer> invalid() {
    return new TreeMap<>(invalid);
  }

  private static byte[] read(final InputStream in) throws IOException {
    final byte[] bytes = in.readNBytes(MAX_BODY + 1);
    if (bytes.length > MAX_BODY) {
      throw new IOException("registration body over " + MAX_BODY + " bytes");
    }
    return bytes;
  }

  private static void reply(final HttpExchange exchange, final int status, final String message)
      throws IOException {
    if (message == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    final byte[] body =
        JSON.createObjectNode()
            .put("code", status)
            .put("message", message)
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
