package io.dvc.app.lodestar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvc.spec.ssz.Bytes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Proposer duties, block headers and blocks, committees, finality and the exit pool, as a beacon
 * node's standard API answers them.
 */
final class ChainProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  ChainProbe(final String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** slot -> proposer index of one epoch ({@code GET /eth/v1/validator/duties/proposer/E}). */
  Map<Long, Integer> proposers(final long epoch) throws IOException, InterruptedException {
    final HttpResponse<String> response = get("/eth/v1/validator/duties/proposer/" + epoch);
    if (response.statusCode() != 200) {
      throw new IOException(
          "proposer duties of epoch "
              + epoch
              + ": HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
    final Map<Long, Integer> result = new TreeMap<>();
    for (final JsonNode duty : JSON.readTree(response.body()).path("data")) {
      result.put(duty.path("slot").asLong(), duty.path("validator_index").asInt());
    }
    return result;
  }

  /** The proposer of the canonical block at a slot, or empty when the slot has none. */
  OptionalInt proposerOfBlockAt(final long slot) throws IOException, InterruptedException {
    final HttpResponse<String> response = get("/eth/v1/beacon/headers/" + slot);
    if (response.statusCode() == 404) {
      return OptionalInt.empty();
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "header at slot " + slot + ": HTTP " + response.statusCode() + " " + response.body());
    }
    final JsonNode message =
        JSON.readTree(response.body()).path("data").path("header").path("message");
    return message.path("slot").asLong() == slot
        ? OptionalInt.of(message.path("proposer_index").asInt())
        : OptionalInt.empty();
  }

  private HttpResponse<String> get(final String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A beacon committee of a slot. */
  record Committee(long slot, int index, List<Integer> validators) {}

  /** An attestation in a block: its data's slot and committee index, and its aggregation bits. */
  record IncludedAttestation(long slot, int index, byte[] aggregationBits) {}

  /** What a block carries that the report judges. */
  record BlockContent(long slot, List<IncludedAttestation> attestations, byte[] syncBits) {}

  /** The head state's justified and finalized epochs. */
  record Finality(long justified, long finalized) {}

  Finality finality() throws IOException, InterruptedException {
    final JsonNode data = data("/eth/v1/beacon/states/head/finality_checkpoints", "finality");
    return new Finality(
        data.path("current_justified").path("epoch").asLong(),
        data.path("finalized").path("epoch").asLong());
  }

  /**
   * The beacon committees of an epoch (head state: the previous, current or next epoch). Lodestar
   * 1.5.1 swaps two fields: its {@code index} is the slot's position in the epoch and its {@code
   * slot} the committee index (fixed upstream later); an answer whose slots all lie before the
   * epoch's first slot while its indices are positions in an epoch is read that way.
   */
  List<Committee> committees(final long epoch, final int slotsPerEpoch)
      throws IOException, InterruptedException {
    final List<Committee> asAnswered = new ArrayList<>();
    for (final JsonNode c :
        data("/eth/v1/beacon/states/head/committees?epoch=" + epoch, "committees")) {
      final List<Integer> members = new ArrayList<>();
      c.path("validators").forEach(v -> members.add(v.asInt()));
      asAnswered.add(new Committee(c.path("slot").asLong(), c.path("index").asInt(), members));
    }
    final long firstSlot = epoch * slotsPerEpoch;
    final boolean swapped =
        epoch > 0
            && asAnswered.stream().allMatch(c -> c.slot() < firstSlot && c.index() < slotsPerEpoch);
    if (!swapped) {
      return asAnswered;
    }
    return asAnswered.stream()
        .map(c -> new Committee(firstSlot + c.index(), (int) c.slot(), c.validators()))
        .toList();
  }

  /** The canonical block at a slot ({@code GET /eth/v2/beacon/blocks/{slot}}), or empty. */
  Optional<BlockContent> block(final long slot) throws IOException, InterruptedException {
    final HttpResponse<String> response = get("/eth/v2/beacon/blocks/" + slot);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    final JsonNode message = body(response, "block at slot " + slot).path("message");
    if (message.path("slot").asLong() != slot) {
      return Optional.empty();
    }
    final JsonNode body = message.path("body");
    final List<IncludedAttestation> attestations = new ArrayList<>();
    for (final JsonNode a : body.path("attestations")) {
      attestations.add(
          new IncludedAttestation(
              a.path("data").path("slot").asLong(),
              a.path("data").path("index").asInt(),
              Bytes.fromHex(a.path("aggregation_bits").asText()).toArray()));
    }
    final String sync = body.path("sync_aggregate").path("sync_committee_bits").asText("");
    return Optional.of(
        new BlockContent(
            slot, attestations, sync.isEmpty() ? new byte[0] : Bytes.fromHex(sync).toArray()));
  }

  /**
   * The sync committee (validator per position) that signs in blocks of {@code slot}: from the
   * state of the block at that slot, or else from the head state asked for the slot's epoch.
   */
  List<Integer> syncCommittee(final long slot, final long epoch)
      throws IOException, InterruptedException {
    HttpResponse<String> response = get("/eth/v1/beacon/states/" + slot + "/sync_committees");
    if (response.statusCode() != 200) {
      response = get("/eth/v1/beacon/states/head/sync_committees?epoch=" + epoch);
    }
    final List<Integer> result = new ArrayList<>();
    body(response, "sync committee of slot " + slot)
        .path("validators")
        .forEach(v -> result.add(v.asInt()));
    return result;
  }

  /**
   * Validators with an exit in the node's pool ({@code GET /eth/v1/beacon/pool/voluntary_exits}).
   */
  Set<Integer> exitPool() throws IOException, InterruptedException {
    final Set<Integer> result = new TreeSet<>();
    for (final JsonNode exit : data("/eth/v1/beacon/pool/voluntary_exits", "exit pool")) {
      result.add(exit.path("message").path("validator_index").asInt());
    }
    return result;
  }

  /** The validator's exit epoch in the head state, or empty while it is not exiting. */
  OptionalLong exitEpoch(final int index) throws IOException, InterruptedException {
    final String text =
        data("/eth/v1/beacon/states/head/validators/" + index, "validator " + index)
            .path("validator")
            .path("exit_epoch")
            .asText();
    return text.equals(Long.toUnsignedString(-1L)) || text.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(Long.parseLong(text));
  }

  private JsonNode data(final String path, final String what)
      throws IOException, InterruptedException {
    return body(get(path), what);
  }

  private static JsonNode body(final HttpResponse<String> response, final String what)
      throws IOException {
    if (response.statusCode() != 200) {
      throw new IOException(
          what + ": HTTP " + response.statusCode() + " " + firstLine(response.body()));
    }
    return JSON.readTree(response.body()).path("data");
  }

  private static String firstLine(final String text) {
    final String line = text.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
