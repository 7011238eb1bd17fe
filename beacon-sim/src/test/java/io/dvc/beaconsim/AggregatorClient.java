package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.bls.BlsSecretKey;
import io.dvc.spec.ForkName;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Sha256;
import io.dvc.spec.types.AggregateAndProof;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.SignedAggregateAndProof;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An aggregating validator client for tests, speaking HTTP only: finds committees with cluster
 * members, makes selection proofs, evaluates is_aggregator on its own (an independent
 * transcription: BigInteger over the little-endian first 8 bytes of the proof's hash), and signs
 * aggregate-and-proofs with the keys of {@link SimFixture}.
 */
final class AggregatorClient {
  /** The cluster members of one committee in one slot: validator index → its duty JSON. */
  record Committee(long slot, long index, int length, Map<Integer, JsonNode> members) {}

  private final SimFixture fx;

  AggregatorClient(final SimFixture fx) {
    this.fx = fx;
  }

  /** The committees of an epoch that hold at least {@code minMembers} cluster validators. */
  List<Committee> committees(final long epoch, final int minMembers) {
    final int[] all = new int[fx.keys.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    final Map<String, Committee> byKey = new LinkedHashMap<>();
    for (final JsonNode duty : fx.duties(epoch, all).get("data")) {
      final long slot = SimFixture.uint(duty, "slot");
      final long index = SimFixture.uint(duty, "committee_index");
      byKey
          .computeIfAbsent(
              slot + "/" + index,
              k ->
                  new Committee(
                      slot,
                      index,
                      (int) SimFixture.uint(duty, "committee_length"),
                      new LinkedHashMap<>()))
          .members()
          .put((int) SimFixture.uint(duty, "validator_index"), duty);
    }
    return byKey.values().stream()
        .filter(c -> c.slot() > 0 && c.members().size() >= minMembers)
        .toList();
  }

  Bytes selectionProof(final BlsSecretKey key, final long slot) {
    return Bytes.of(key.sign(fx.roots.selectionProof(slot).toArray()).toBytes());
  }

  /** is_aggregator, transcribed independently of the simulator's code. */
  static boolean selected(final Bytes proof, final int committeeLength) {
    final byte[] hash = Sha256.hash(proof.toArray());
    final byte[] bigEndian = new byte[8];
    for (int i = 0; i < 8; i++) {
      bigEndian[i] = hash[7 - i];
    }
    final BigInteger modulo = BigInteger.valueOf(Math.max(1, committeeLength / 16));
    return new BigInteger(1, bigEndian).mod(modulo).signum() == 0;
  }

  /** Every cluster member of the committee submits its single attestation (v2). */
  AttestationData attestAll(final Committee committee, final String version) {
    fx.atSlot(committee.slot());
    final AttestationData data = fx.attestationData(committee.slot(), committee.index());
    for (final Map.Entry<Integer, JsonNode> member : committee.members().entrySet()) {
      final Bytes signature = fx.sign(fx.keys.get(member.getKey()), data);
      final JsonNode body =
          ForkName.fromJsonName(version).isAtLeast(ForkName.ELECTRA)
              ? fx.single(member.getValue(), data, signature)
              : fx.phase0(member.getValue(), data, signature);
      final SimHttp.Response response = fx.submitV2(version, body);
      if (response.status() != 200) {
        throw new AssertionError("attestation refused: " + response.raw());
      }
    }
    return data;
  }

  SimHttp.Response getAggregate(final AttestationData data, final long committeeIndex) {
    return fx.http.get(
        "/eth/v2/validator/aggregate_attestation?attestation_data_root="
            + fx.schedule.schemas().attestationData.hashTreeRoot(data).toHex()
            + "&slot="
            + data.slot()
            + "&committee_index="
            + committeeIndex);
  }

  /** The {@code data} of a v1/v2 aggregate_attestation response in the fork's form. */
  Attestation attestation(final SimHttp.Response response, final long slot) {
    return fx.schedule
        .schemas()
        .at(fx.schedule.forkAtSlot(slot))
        .attestation()
        .fromJson(response.body().get("data"));
  }

  SignedAggregateAndProof signed(
      final int aggregator, final Attestation aggregate, final Bytes proof, final BlsSecretKey by) {
    final AggregateAndProof message = new AggregateAndProof(aggregator, aggregate, proof);
    return new SignedAggregateAndProof(
        message, Bytes.of(by.sign(fx.roots.aggregateAndProof(message).toArray()).toBytes()));
  }

  /** POST /eth/v2/validator/aggregate_and_proofs with the given version header. */
  SimHttp.Response publish(final String version, final SignedAggregateAndProof... signed) {
    return fx.http.post(
        "/eth/v2/validator/aggregate_and_proofs",
        json(version, signed),
        Map.of("Eth-Consensus-Version", version));
  }

  /** POST /eth/v2/validator/aggregate_and_proofs in the Electra form under another header. */
  SimHttp.Response publishElectraAs(final String header, final SignedAggregateAndProof signed) {
    return fx.http.post(
        "/eth/v2/validator/aggregate_and_proofs",
        json("electra", signed),
        Map.of("Eth-Consensus-Version", header));
  }

  /** POST /eth/v1/validator/aggregate_and_proofs (phase0 form). */
  SimHttp.Response publishV1(final SignedAggregateAndProof... signed) {
    return fx.http.post("/eth/v1/validator/aggregate_and_proofs", json("phase0", signed), Map.of());
  }

  private JsonNode json(final String version, final SignedAggregateAndProof... signed) {
    final ArrayNode array = JsonNodeFactory.instance.arrayNode();
    final boolean electra =
        !"phase0".equals(version) && ForkName.fromJsonName(version).isAtLeast(ForkName.ELECTRA);
    for (final SignedAggregateAndProof s : signed) {
      array.add(
          (electra
                  ? fx.schedule.schemas().electraSignedAggregateAndProof
                  : fx.schedule.schemas().phase0SignedAggregateAndProof)
              .toJson(s));
    }
    return array;
  }

  SimHttp.Response subscribe(
      final Committee committee, final int validator, final boolean aggregator) {
    final ArrayNode body = JsonNodeFactory.instance.arrayNode();
    body.addObject()
        .put("validator_index", Integer.toString(validator))
        .put("committee_index", Long.toString(committee.index()))
        .put("committees_at_slot", Integer.toString(fx.sim.chain().committeesPerSlot()))
        .put("slot", Long.toString(committee.slot()))
        .put("is_aggregator", aggregator);
    return fx.http.post("/eth/v1/validator/beacon_committee_subscriptions", body, Map.of());
  }

  /** The members of a committee, split by whether their selection proof selects them. */
  List<List<Integer>> bySelection(final Committee committee) {
    final List<Integer> selected = new ArrayList<>();
    final List<Integer> notSelected = new ArrayList<>();
    for (final int member : committee.members().keySet()) {
      (selected(selectionProof(fx.keys.get(member), committee.slot()), committee.length())
              ? selected
              : notSelected)
          .add(member);
    }
    return List.of(selected, notSelected);
  }
}
