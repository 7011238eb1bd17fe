package io.dvc.node.beaconapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.common.bytes.Hex;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/** The Beacon API over HTTP/JSON against one beacon node. */
public final class HttpBeaconNodeClient implements BeaconNodeClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final BeaconHttp http;
  // Older endpoint forms this beacon node needs, learnt from a 404/405 (see OlderForm).
  private final AtomicBoolean olderValidatorsForm = new AtomicBoolean();
  private final AtomicBoolean olderPoolForm = new AtomicBoolean();

  public HttpBeaconNodeClient(final BeaconHttp http) {
    this.http = http;
  }

  public String baseUrl() {
    return http.baseUrl();
  }

  @Override
  public CompletableFuture<Genesis> genesis() {
    return http.get("/eth/v1/beacon/genesis")
        .thenApply(
            body -> {
              final JsonNode data = field(body, "data", "/eth/v1/beacon/genesis");
              return new Genesis(
                  Long.parseUnsignedLong(data.path("genesis_time").asText()),
                  Hex.decode(data.path("genesis_validators_root").asText(), 32),
                  Hex.decode(data.path("genesis_fork_version").asText(), 4));
            });
  }

  @Override
  public CompletableFuture<JsonNode> spec() {
    return http.get("/eth/v1/config/spec")
        .thenApply(body -> field(body, "data", "/eth/v1/config/spec"));
  }

  @Override
  public CompletableFuture<JsonNode> syncing() {
    return http.get("/eth/v1/node/syncing")
        .thenApply(body -> field(body, "data", "/eth/v1/node/syncing"));
  }

  @Override
  public CompletableFuture<List<ValidatorInfo>> validators(final Collection<String> ids) {
    final ObjectNode request = MAPPER.createObjectNode();
    final ArrayNode idArray = request.putArray("ids");
    ids.forEach(idArray::add);
    final String endpoint = "/eth/v1/beacon/states/head/validators";
    final CompletableFuture<JsonNode> answer =
        olderValidatorsForm.get()
            ? http.get(validatorsGetForm(endpoint, ids))
            : OlderForm.orElse(
                http.post(endpoint, request, Map.of()),
                olderValidatorsForm,
                http.baseUrl() + ": POST " + endpoint + " is unknown; using GET ?id=…",
                () -> http.get(validatorsGetForm(endpoint, ids)));
    return answer.thenApply(
        body -> {
          final List<ValidatorInfo> result = new ArrayList<>();
          for (final JsonNode entry : field(body, "data", endpoint)) {
            result.add(
                new ValidatorInfo(
                    Long.parseUnsignedLong(entry.path("index").asText()),
                    Hex.decode(entry.path("validator").path("pubkey").asText(), 48),
                    entry.path("status").asText()));
          }
          return List.copyOf(result);
        });
  }

  /** GET form of the validators query: the id parameter repeated (Lodestar 1.5 ignores id=a,b). */
  static String validatorsGetForm(final String endpoint, final Collection<String> ids) {
    final StringBuilder url = new StringBuilder(endpoint);
    char separator = '?';
    for (final String id : ids) {
      url.append(separator).append("id=").append(URLEncoder.encode(id, StandardCharsets.UTF_8));
      separator = '&';
    }
    return url.toString();
  }

  @Override
  public CompletableFuture<AttesterDuties> attesterDuties(
      final long epoch, final Collection<Long> validatorIndices) {
    final ArrayNode request = MAPPER.createArrayNode();
    validatorIndices.forEach(index -> request.add(Long.toUnsignedString(index)));
    final String endpoint = "/eth/v1/validator/duties/attester/" + Long.toUnsignedString(epoch);
    return http.post(endpoint, request, Map.of())
        .thenApply(
            body -> {
              final List<AttesterDuty> duties = new ArrayList<>();
              for (final JsonNode d : field(body, "data", endpoint)) {
                duties.add(
                    new AttesterDuty(
                        Hex.decode(d.path("pubkey").asText(), 48),
                        uint(d, "validator_index"),
                        uint(d, "committee_index"),
                        uint(d, "committee_length"),
                        uint(d, "committees_at_slot"),
                        uint(d, "validator_committee_index"),
                        uint(d, "slot")));
              }
              return new AttesterDuties(
                  Hex.decode(field(body, "dependent_root", endpoint).asText(), 32), duties);
            });
  }

  @Override
  public CompletableFuture<JsonNode> attestationData(final long slot, final long committeeIndex) {
    final String endpoint =
        "/eth/v1/validator/attestation_data?slot="
            + Long.toUnsignedString(slot)
            + "&committee_index="
            + Long.toUnsignedString(committeeIndex);
    return http.get(endpoint).thenApply(body -> field(body, "data", endpoint));
  }

  @Override
  public CompletableFuture<SubmitResult> submitAttestations(
      final String consensusVersion, final JsonNode attestations) {
    final String v1 = "/eth/v1/beacon/pool/attestations";
    final CompletableFuture<JsonNode> answer =
        olderPoolForm.get()
            ? http.post(v1, attestations, Map.of())
            : OlderForm.orElse(
                http.post(
                    "/eth/v2/beacon/pool/attestations",
                    attestations,
                    Map.of("Eth-Consensus-Version", consensusVersion)),
                olderPoolForm,
                http.baseUrl() + ": /eth/v2/beacon/pool/attestations is unknown; using " + v1,
                () -> http.post(v1, attestations, Map.of()));
    return answer.handle(
        (body, error) -> {
          if (error == null) {
            return SubmitResult.ACCEPTED;
          }
          return perElementFailures(error, attestations.size())
              .orElseThrow(
                  () ->
                      error instanceof CompletionException
                          ? (CompletionException) error
                          : new CompletionException(error));
        });
  }

  /**
   * The Beacon API's answer when some elements fail: 400 with {@code failures: [{index, message}]}.
   * Positions outside the submitted array make the answer unusable.
   */
  static Optional<SubmitResult> perElementFailures(final Throwable error, final int submitted) {
    final Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (!(cause instanceof BeaconApiException api) || api.status() != 400) {
      return Optional.empty();
    }
    final JsonNode failures = api.errorBody().map(b -> b.path("failures")).orElse(null);
    if (failures == null || !failures.isArray() || failures.isEmpty()) {
      return Optional.empty();
    }
    final Map<Integer, String> rejected = new java.util.TreeMap<>();
    for (final JsonNode failure : failures) {
      final JsonNode index = failure.path("index");
      final int position =
          index.isIntegralNumber()
              ? index.asInt(-1)
              : index.isTextual() && index.asText().matches("\\d{1,9}")
                  ? Integer.parseInt(index.asText())
                  : -1;
      if (position < 0 || position >= submitted) {
        return Optional.empty();
      }
      rejected.put(position, failure.path("message").asText("rejected"));
    }
    return Optional.of(new SubmitResult(rejected));
  }

  @Override
  public CompletableFuture<Void> subscribeToBeaconCommittees(final JsonNode subscriptions) {
    return http.post("/eth/v1/validator/beacon_committee_subscriptions", subscriptions, Map.of())
        .thenApply(body -> null);
  }

  private JsonNode field(final JsonNode body, final String name, final String endpoint) {
    final JsonNode node = body == null ? null : body.get(name);
    if (node == null || node.isNull()) {
      throw new BeaconApiException(
          http.baseUrl() + endpoint + ": response has no '" + name + "' field", 200);
    }
    return node;
  }

  private static long uint(final JsonNode node, final String name) {
    final JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw new BeaconApiException("field '" + name + "' is missing or not a decimal string", 200);
    }
    return Long.parseUnsignedLong(value.asText());
  }
}
