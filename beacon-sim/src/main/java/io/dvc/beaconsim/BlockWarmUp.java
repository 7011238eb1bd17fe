package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvc.bls.BlsSecretKey;
import io.dvc.common.time.FakeTimeProvider;
import io.dvc.spec.ForkName;
import io.dvc.spec.ForkSchemas;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.BeaconBlock;
import io.dvc.spec.types.BlindedBeaconBlock;
import io.dvc.spec.types.BlockContents;
import io.dvc.spec.types.SignedBeaconBlock;
import io.dvc.spec.types.SignedBlindedBeaconBlock;
import io.dvc.spec.types.SignedBlockContents;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One block proposal through the API as a validator client makes it, for {@link SubmissionWarmUp}:
 * proposer duties, produceBlockV3 (builder_boost_factor 100), the signature over the block root and
 * publication (JSON, or SSZ when asked).
 */
final class BlockWarmUp {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ForkSchedule schedule;
  private final List<BlsSecretKey> keys;
  private final FakeTimeProvider time;
  private final Function<ApiRequest, ApiResponse> api;
  private final SigningRoots roots;

  BlockWarmUp(
      final ForkSchedule schedule,
      final List<BlsSecretKey> keys,
      final FakeTimeProvider time,
      final Function<ApiRequest, ApiResponse> api) {
    this.schedule = schedule;
    this.keys = keys;
    this.time = time;
    this.api = api;
    this.roots = new SigningRoots(schedule);
  }

  /** Proposes at a slot (10 ms into it); returns the publication's HTTP status. */
  int propose(final long slot, final boolean ssz) {
    time.setMillis(schedule.slotClock(time).slotStartMillis(slot) + 10);
    final long epoch = schedule.epochOfSlot(slot);
    int proposer = -1;
    for (final JsonNode duty :
        read("GET", "/eth/v1/validator/duties/proposer/" + epoch, Map.of()).get("data")) {
      if (Long.parseLong(duty.get("slot").asText()) == slot) {
        proposer = Integer.parseInt(duty.get("validator_index").asText());
      }
    }
    final BlsSecretKey key = keys.get(proposer);
    final Bytes randao = Bytes.of(key.sign(roots.randaoReveal(epoch).toArray()).toBytes());
    final JsonNode produced =
        read(
            "GET",
            "/eth/v3/validator/blocks/" + slot,
            Map.of(
                "randao_reveal", List.of(randao.toHex()),
                "builder_boost_factor", List.of("100")));
    final ForkName fork = ForkName.fromJsonName(produced.get("version").asText());
    final ForkSchemas schemas = schedule.schemas().at(fork);
    final Map<String, String> headers = Map.of("eth-consensus-version", fork.jsonName());
    if (produced.get("execution_payload_blinded").asBoolean()) {
      final BlindedBeaconBlock block =
          schemas.blindedBeaconBlock().orElseThrow().fromJson(produced.get("data"));
      final SignedBlindedBeaconBlock signed =
          new SignedBlindedBeaconBlock(block, sign(key, roots.block(block)));
      return publish(
          "/eth/v2/beacon/blinded_blocks",
          headers,
          ssz,
          () -> schemas.signedBlindedBeaconBlock().orElseThrow().toJson(signed).toString(),
          () -> schemas.signedBlindedBeaconBlock().orElseThrow().serialize(signed));
    }
    if (schemas.blockContents().isPresent()) {
      final BlockContents contents = schemas.blockContents().get().fromJson(produced.get("data"));
      final SignedBlockContents signed =
          new SignedBlockContents(
              new SignedBeaconBlock(contents.block(), sign(key, roots.block(contents.block()))),
              contents.kzgProofs(),
              contents.blobs());
      return publish(
          "/eth/v2/beacon/blocks",
          headers,
          ssz,
          () -> schemas.signedBlockContents().orElseThrow().toJson(signed).toString(),
          () -> schemas.signedBlockContents().orElseThrow().serialize(signed));
    }
    final BeaconBlock block = schemas.beaconBlock().fromJson(produced.get("data"));
    final SignedBeaconBlock signed = new SignedBeaconBlock(block, sign(key, roots.block(block)));
    return publish(
        "/eth/v2/beacon/blocks",
        headers,
        ssz,
        () -> schemas.signedBeaconBlock().toJson(signed).toString(),
        () -> schemas.signedBeaconBlock().serialize(signed));
  }

  private int publish(
      final String path,
      final Map<String, String> headers,
      final boolean ssz,
      final java.util.function.Supplier<String> json,
      final java.util.function.Supplier<byte[]> bytes) {
    final ApiRequest request =
        ssz
            ? new ApiRequest("POST", path, Map.of(), headers, "", bytes.get())
            : new ApiRequest("POST", path, Map.of(), headers, json.get());
    return api.apply(request).status();
  }

  private static Bytes sign(final BlsSecretKey key, final Bytes root) {
    return Bytes.of(key.sign(root.toArray()).toBytes());
  }

  private JsonNode read(
      final String method, final String path, final Map<String, List<String>> query) {
    final ApiResponse response = api.apply(new ApiRequest(method, path, query, Map.of(), ""));
    if (response.status() != 200 || response.body() == null) {
      throw new IllegalStateException(
          "warm-up request " + method + " " + path + " answered " + response.status());
    }
    try {
      return MAPPER.readTree(MAPPER.writeValueAsBytes(response.body()));
    } catch (final IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
