package io.dvc.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.dvc.node.duties.exit.ExitPlugin;
import io.dvc.node.duties.exit.ExitRequest;
import io.dvc.node.duties.exit.ExitStatus;
import io.dvc.node.metrics.HealthServer;
import io.dvc.spec.Schemas;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The node's exit endpoints for {@code dvc exit}, on the health address: {@code GET /dvc/v1/exits}
 * (chain, clock and validators, to build a request), {@code POST /dvc/v1/exits} (a request signed
 * with an operator's identity key: 202, or 400 with the one-line reason) and {@code GET
 * /dvc/v1/exits/{index}} (the exit's state and, once combined, the signed exit). Every call hops
 * onto the workflow thread, which owns the exit plug-in.
 */
final class ExitEndpoints implements HttpHandler {
  static final String PATH = "/dvc/v1/exits";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Supplier<Optional<ExitPlugin>> plugin;
  private final Executor loop;

  ExitEndpoints(final Supplier<Optional<ExitPlugin>> plugin, final Executor loop) {
    this.plugin = plugin;
    this.loop = loop;
  }

  @Override
  public void handle(final HttpExchange exchange) throws IOException {
    try {
      final Optional<ExitPlugin> exits = plugin.get();
      if (exits.isEmpty()) {
        error(exchange, 503, "the node is not running its duties yet");
        return;
      }
      final String path = exchange.getRequestURI().getPath();
      final String method = exchange.getRequestMethod();
      if (path.equals(PATH) || path.equals(PATH + "/")) {
        if (method.equals("GET")) {
          HealthServer.respondJson(exchange, 200, onLoop(() -> info(exits.get())).toString());
        } else if (method.equals("POST")) {
          post(exchange, exits.get());
        } else {
          error(exchange, 405, "use GET or POST");
        }
      } else if (method.equals("GET") && path.startsWith(PATH + "/")) {
        status(exchange, exits.get(), path.substring(PATH.length() + 1));
      } else {
        error(exchange, 404, "no such endpoint");
      }
    } catch (final RuntimeException e) {
      error(exchange, 500, "internal error: " + e.getMessage());
    } finally {
      exchange.close();
    }
  }

  private void post(final HttpExchange exchange, final ExitPlugin exits) throws IOException {
    final byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(ExitRequest.MAX_BYTES + 1);
    }
    final ExitRequest request;
    try {
      request = ExitRequest.fromBytes(body);
    } catch (final IllegalArgumentException e) {
      error(exchange, 400, e.getMessage());
      return;
    }
    final Optional<String> refusal = onLoop(() -> exits.requestLocally(request));
    if (refusal.isPresent()) {
      error(exchange, 400, "exit request refused: " + refusal.get());
      return;
    }
    HealthServer.respondJson(
        exchange,
        202,
        MAPPER
            .createObjectNode()
            .put("slot", Long.toString(request.slot()))
            .put("epoch", Long.toString(request.epoch()))
            .toString());
  }

  private void status(final HttpExchange exchange, final ExitPlugin exits, final String index)
      throws IOException {
    final long validator;
    try {
      validator = Long.parseUnsignedLong(index);
    } catch (final NumberFormatException e) {
      error(exchange, 400, "not a validator index: " + index.replaceAll("[^0-9A-Za-z]", "?"));
      return;
    }
    final Optional<ExitStatus> status = onLoop(() -> exits.status(validator));
    if (status.isEmpty()) {
      error(exchange, 404, "no exit of validator " + Long.toUnsignedString(validator));
      return;
    }
    final ExitStatus s = status.get();
    final ObjectNode json =
        MAPPER
            .createObjectNode()
            .put("validator_index", Long.toString(s.validatorIndex()))
            .put("epoch", Long.toString(s.epoch()))
            .put("slot", Long.toString(s.slot()))
            .put("state", s.state())
            .put("detail", s.detail());
    if (s.signed().isPresent()) {
      json.set("signed_exit", Schemas.MAINNET.signedVoluntaryExit.toJson(s.signed().get()));
    } else {
      json.putNull("signed_exit");
    }
    HealthServer.respondJson(exchange, 200, json.toString());
  }

  private static ObjectNode info(final ExitPlugin exits) {
    final ExitPlugin.Info info = exits.info();
    final ObjectNode json =
        MAPPER
            .createObjectNode()
            .put("genesis_validators_root", info.genesisValidatorsRoot().toHex())
            .put("current_slot", Long.toString(info.currentSlot()))
            .put("current_epoch", Long.toString(info.currentEpoch()))
            .put("slots_per_epoch", Long.toString(info.slotsPerEpoch()));
    final ArrayNode validators = json.putArray("validators");
    new TreeMap<>(info.validators())
        .forEach(
            (index, key) ->
                validators
                    .addObject()
                    .put("index", Long.toString(index))
                    .put("pubkey", key.toHex()));
    return json;
  }

  private <T> T onLoop(final Supplier<T> task) {
    try {
      return CompletableFuture.supplyAsync(task, loop).get(5, TimeUnit.SECONDS);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (final ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the workflow thread did not answer: " + e, e);
    }
  }

  private static void error(final HttpExchange exchange, final int status, final String message)
      throws IOException {
    HealthServer.respondJson(
        exchange,
        status,
        MAPPER.createObjectNode().put("code", status).put("message", message).toString());
  }
}
