package io.dvc.app.lodestar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.spec.Schemas;
import io.dvc.spec.signing.Domains;
import io.dvc.spec.signing.Signing;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SignedValidatorRegistrationV1;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A builder on loopback that Lodestar passes validator registrations to ({@code POST
 * /eth/v1/builder/validators}); it checks each signature under the builder domain (the chain's
 * GENESIS_FORK_VERSION, zero root) and records the valid ones. It never bids ({@code getHeader}
 * answers 204), so blocks are built locally.
 */
final class FakeBuilder implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Bytes domain;
  private final Map<String, SignedValidatorRegistrationV1> valid = new HashMap<>();
  private int invalid;

  FakeBuilder(final Bytes genesisForkVersion) throws IOException {
    this.domain =
        Signing.computeDomain(
            Domains.DOMAIN_APPLICATION_BUILDER, genesisForkVersion, Signing.ZERO_ROOT);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Valid registrations received, by 0x pubkey. */
  synchronized Map<String, SignedValidatorRegistrationV1> registrations() {
    return Map.copyOf(valid);
  }

  synchronized int invalid() {
    return invalid;
  }

  private void handle(final HttpExchange exchange) throws IOException {
    try (exchange) {
      final String path = exchange.getRequestURI().getPath();
      if (path.equals("/eth/v1/builder/validators") && exchange.getRequestMethod().equals("POST")) {
        final byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        record(JSON.readTree(body));
        exchange.sendResponseHeaders(200, -1);
      } else if (path.equals("/eth/v1/builder/status")) {
        exchange.sendResponseHeaders(200, -1);
      } else {
        exchange.sendResponseHeaders(204, -1); // no bid
      }
    }
  }

  private synchronized void record(final JsonNode registrations) {
    for (final JsonNode item : registrations) {
      try {
        final SignedValidatorRegistrationV1 r =
            Schemas.MAINNET.signedValidatorRegistrationV1.fromJson(item);
        final Bytes root =
            Signing.computeSigningRoot(
                Schemas.MAINNET.validatorRegistrationV1, r.message(), domain);
        if (Bls.verify(
            BlsPublicKey.fromBytes(r.message().pubkey().toArray()),
            root.toArray(),
            BlsSignature.fromBytes(r.signature().toArray()))) {
          valid.put(r.message().pubkey().toHex(), r);
        } else {
          invalid++;
        }
      } catch (final RuntimeException e) {
        invalid++;
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
