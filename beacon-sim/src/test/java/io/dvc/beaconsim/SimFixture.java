package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.common.time.FakeTimeProvider;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Phase0Attestation;
import io.dvc.spec.types.SingleAttestation;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A simulator on a fake clock with real BLS keys for its cluster validators, and a client that
 * learns the chain only through the HTTP API (config/spec + genesis -> ForkSchedule -> signing
 * roots), as a validator client would.
 */
final class SimFixture implements AutoCloseable {
  static final long START_MILLIS = 1_700_000_000_000L;

  final List<BlsSecretKey> keys = new ArrayList<>();
  final FakeTimeProvider time = new FakeTimeProvider(START_MILLIS);
  final BeaconSimulator sim;
  final SimHttp http;
  final ForkSchedule schedule;
  final SigningRoots roots;

  SimFixture(
      final int clusterValidators, final int extra, final Preset preset, final ForkName fork) {
    this(clusterValidators, extra, preset, fork, c -> c);
  }

  /** With further settings (blobs, builder) applied to the config. */
  SimFixture(
      final int clusterValidators,
      final int extra,
      final Preset preset,
      final ForkName fork,
      final java.util.function.UnaryOperator<BeaconSimConfig> settings) {
    final SecureRandom random = new SecureRandom();
    final List<BlsPublicKey> publicKeys = new ArrayList<>();
    for (int i = 0; i < clusterValidators; i++) {
      final BlsSecretKey key = BlsSecretKey.random(random);
      keys.add(key);
      publicKeys.add(key.publicKey());
    }
    sim =
        BeaconSimulator.start(
            settings.apply(
                BeaconSimConfig.of(publicKeys)
                    .withExtraValidators(extra)
                    .withSecondsPerSlot(1)
                    .withPreset(preset)
                    .withFork(fork)
                    .withTime(time)));
    http = new SimHttp(sim.url());
    schedule =
        ForkSchedule.fromBeaconApi(
            http.get("/eth/v1/config/spec").body(), http.get("/eth/v1/beacon/genesis").body());
    roots = new SigningRoots(schedule);
  }

  /** Moves the fake clock 100 ms into a slot. */
  void atSlot(final long slot) {
    time.setMillis((schedule.genesisTime() + slot * schedule.secondsPerSlot()) * 1000 + 100);
  }

  JsonNode duties(final long epoch, final int... indices) {
    final ArrayNode body = JsonNodeFactory.instance.arrayNode();
    for (final int index : indices) {
      body.add(Integer.toString(index));
    }
    final SimHttp.Response response =
        http.post("/eth/v1/validator/duties/attester/" + epoch, body, Map.of());
    if (response.status() != 200) {
      throw new AssertionError("duties: " + response.raw());
    }
    return response.body();
  }

  /** The duty of one validator in an epoch. */
  JsonNode duty(final long epoch, final int index) {
    return duties(epoch, index).get("data").get(0);
  }

  AttestationData attestationData(final long slot, final long committeeIndex) {
    final SimHttp.Response response =
        http.get(
            "/eth/v1/validator/attestation_data?slot="
                + slot
                + "&committee_index="
                + committeeIndex);
    if (response.status() != 200) {
      throw new AssertionError("attestation_data: " + response.raw());
    }
    return schedule.schemas().attestationData.fromJson(response.body().get("data"));
  }

  Bytes sign(final BlsSecretKey key, final AttestationData data) {
    return Bytes.of(key.sign(roots.attestation(data).toArray()).toBytes());
  }

  JsonNode single(final JsonNode duty, final AttestationData data, final Bytes signature) {
    final SingleAttestation single =
        new SingleAttestation(
            uint(duty, "committee_index"), uint(duty, "validator_index"), data, signature);
    return JsonNodeFactory.instance
        .arrayNode()
        .add(schedule.schemas().singleAttestation.toJson(single));
  }

  JsonNode phase0(final JsonNode duty, final AttestationData data, final Bytes signature) {
    final Phase0Attestation attestation =
        new Phase0Attestation(
            Bits.of(
                (int) uint(duty, "committee_length"),
                (int) uint(duty, "validator_committee_index")),
            data,
            signature);
    return JsonNodeFactory.instance
        .arrayNode()
        .add(schedule.schemas().phase0Attestation.toJson(attestation));
  }

  SimHttp.Response submitV2(final String fork, final JsonNode attestations) {
    return http.post(
        "/eth/v2/beacon/pool/attestations", attestations, Map.of("Eth-Consensus-Version", fork));
  }

  /** get_block_root_at_slot on the simulator's chain (a cluster slot may have no block). */
  String rootAt(final long slot) {
    return sim.chain().blockRoot(slot).toHex();
  }

  JsonNode summary() {
    return http.get("/dvc/v1/summary").body();
  }

  static long uint(final JsonNode node, final String field) {
    return Long.parseUnsignedLong(node.get(field).asText());
  }

  @Override
  public void close() {
    sim.close();
    keys.forEach(BlsSecretKey::destroy);
  }
}
