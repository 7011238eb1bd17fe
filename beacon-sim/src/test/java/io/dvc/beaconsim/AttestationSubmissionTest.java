package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.bls.BlsSecretKey;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.signing.Domains;
import io.dvc.spec.signing.Signing;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Checkpoint;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Electra: duties and attestation data over HTTP, SingleAttestation submissions, verification. */
@Timeout(60)
class AttestationSubmissionTest {
  private final SimFixture fx = new SimFixture(4, 28, Preset.MINIMAL, ForkName.ELECTRA);

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void correctlySignedAttestationsAreAcceptedAndCountedAsIncluded() {
    final JsonNode duties = fx.duties(0, 0, 1, 2, 3);
    assertThat(duties.get("data")).hasSize(4);
    assertThat(duties.get("execution_optimistic").asBoolean()).isFalse();
    long lastSlot = -1;
    for (final JsonNode duty : duties.get("data")) {
      final long slot = SimFixture.uint(duty, "slot");
      final int index = (int) SimFixture.uint(duty, "validator_index");
      assertThat(duty.get("pubkey").asText()).isEqualTo(fx.keys.get(index).publicKey().toHex());
      fx.atSlot(slot);
      final AttestationData data =
          fx.attestationData(slot, SimFixture.uint(duty, "committee_index"));
      assertThat(data.index()).isZero();
      assertThat(data.slot()).isEqualTo(slot);
      final SimHttp.Response response =
          fx.submitV2("electra", fx.single(duty, data, fx.sign(fx.keys.get(index), data)));
      assertThat(response.status()).as(response.raw()).isEqualTo(200);
      lastSlot = Math.max(lastSlot, slot);
    }
    fx.atSlot(lastSlot);
    final JsonNode summary = fx.summary();
    assertThat(summary.at("/attestations/received").asLong()).isEqualTo(4);
    assertThat(summary.at("/attestations/valid").asLong()).isEqualTo(4);
    assertThat(summary.at("/attestations/invalid").asLong()).isZero();
    assertThat(summary.at("/epochs/0/cluster_included").asInt()).isEqualTo(4);
    assertThat(summary.at("/slashable/count").asInt()).isZero();
    for (final JsonNode duty : duties.get("data")) {
      final int index = (int) SimFixture.uint(duty, "validator_index");
      assertThat(summary.at("/validators/" + index + "/last_included_slot").asLong())
          .isEqualTo(SimFixture.uint(duty, "slot"));
    }
  }

  @Test
  void identicalResubmissionIsFineAndNotCountedTwice() {
    final JsonNode duty = fx.duty(0, 2);
    final long slot = SimFixture.uint(duty, "slot");
    fx.atSlot(slot);
    final AttestationData data = fx.attestationData(slot, 0);
    final JsonNode body = fx.single(duty, data, fx.sign(fx.keys.get(2), data));
    assertThat(fx.submitV2("electra", body).status()).isEqualTo(200);
    assertThat(fx.submitV2("electra", body).status()).isEqualTo(200);
    final JsonNode summary = fx.summary();
    assertThat(summary.at("/attestations/duplicates").asLong()).isEqualTo(1);
    assertThat(summary.at("/epochs/0/cluster_included").asInt()).isEqualTo(1);
    assertThat(summary.at("/slashable/count").asInt()).isZero();
  }

  @Test
  void aVerifiedAttestationDoesNotVouchForAnotherSignatureOverTheSameData() {
    final JsonNode duty = fx.duty(0, 1);
    final long slot = SimFixture.uint(duty, "slot");
    fx.atSlot(slot);
    final AttestationData data = fx.attestationData(slot, 0);
    assertThat(
            fx.submitV2("electra", fx.single(duty, data, fx.sign(fx.keys.get(1), data))).status())
        .isEqualTo(200);
    final SimHttp.Response forged =
        fx.submitV2("electra", fx.single(duty, data, fx.sign(fx.keys.get(2), data)));
    assertThat(forged.status()).isEqualTo(400);
    assertThat(fx.summary().at("/attestations/invalid_signatures").asLong()).isEqualTo(1);
  }

  @Test
  void wrongSignaturesAreRefusedWith400AndCounted() {
    final JsonNode duty = fx.duty(0, 1);
    final long slot = SimFixture.uint(duty, "slot");
    fx.atSlot(slot);
    final AttestationData data = fx.attestationData(slot, 0);
    final BlsSecretKey stranger = BlsSecretKey.random(new SecureRandom());
    final Bytes wrongKey = fx.sign(stranger, data);
    final Bytes wrongDomain =
        Bytes.of(
            fx.keys
                .get(1)
                .sign(
                    Signing.computeSigningRoot(
                            fx.schedule.schemas().attestationData,
                            data,
                            fx.schedule.domain(Domains.DOMAIN_BEACON_PROPOSER, 0))
                        .toArray())
                .toBytes());

    final SimHttp.Response response = fx.submitV2("electra", fx.single(duty, data, wrongKey));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().get("code").asInt()).isEqualTo(400);
    assertThat(response.body().at("/failures/0/index").asInt()).isZero();
    assertThat(response.body().at("/failures/0/message").asText()).contains("invalid signature");
    assertThat(fx.submitV2("electra", fx.single(duty, data, wrongDomain)).status()).isEqualTo(400);

    final JsonNode summary = fx.summary();
    assertThat(summary.at("/attestations/invalid_signatures").asLong()).isEqualTo(2);
    assertThat(summary.at("/attestations/valid").asLong()).isZero();
    assertThat(summary.at("/epochs/0/cluster_included").asInt()).isZero();
    assertThat(summary.at("/validators/1/last_included_slot").isNull()).isTrue();
    stranger.destroy();
  }

  @Test
  void oneBadElementFailsOnlyItselfInABatch() {
    final JsonNode duty = fx.duty(0, 0);
    final long slot = SimFixture.uint(duty, "slot");
    fx.atSlot(slot);
    final AttestationData data = fx.attestationData(slot, 0);
    final JsonNode good = fx.single(duty, data, fx.sign(fx.keys.get(0), data)).get(0);
    final JsonNode bad = fx.single(duty, data, fx.sign(fx.keys.get(3), data)).get(0);
    final SimHttp.Response response =
        fx.submitV2(
            "electra",
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .arrayNode()
                .add(bad)
                .add(good));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().get("failures")).hasSize(1);
    assertThat(response.body().at("/failures/0/index").asInt()).isZero();
    assertThat(fx.summary().at("/attestations/valid").asLong()).isEqualTo(1);
  }

  @Test
  void attesterOutsideTheCommitteeIsRefused() {
    final JsonNode duty = fx.duty(0, 0);
    final long slot = SimFixture.uint(duty, "slot");
    fx.atSlot(slot);
    final AttestationData data = fx.attestationData(slot, 0);
    int outsider = -1;
    for (final JsonNode other :
        fx.duties(0, java.util.stream.IntStream.range(0, 32).toArray()).get("data")) {
      if (SimFixture.uint(other, "slot") != slot) {
        outsider = (int) SimFixture.uint(other, "validator_index");
      }
    }
    assertThat(outsider).isNotNegative();
    final com.fasterxml.jackson.databind.node.ObjectNode item =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            fx.single(duty, data, fx.sign(fx.keys.get(0), data)).get(0);
    item.put("attester_index", Integer.toString(outsider));
    final SimHttp.Response response =
        fx.submitV2(
            "electra",
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(item));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().at("/failures/0/message").asText()).contains("not in committee");
    assertThat(fx.summary().at("/attestations/rejected_by_reason/not_in_committee").asLong())
        .isEqualTo(1);
  }

  @Test
  void doubleVoteIsDetected() {
    fx.atSlot(8);
    final JsonNode duty = fx.duty(1, 3);
    final long slot = SimFixture.uint(duty, "slot");
    fx.atSlot(slot);
    final AttestationData honest = fx.attestationData(slot, 0);
    long earlier = slot - 1;
    while (fx.rootAt(earlier).equals(honest.beaconBlockRoot().toHex())) {
      earlier--; // empty cluster slots repeat the root before them
    }
    final Bytes parentRoot = Bytes.fromHex(fx.rootAt(earlier));
    final AttestationData other =
        new AttestationData(slot, 0, parentRoot, honest.source(), honest.target());
    assertThat(
            fx.submitV2("electra", fx.single(duty, honest, fx.sign(fx.keys.get(3), honest)))
                .status())
        .isEqualTo(200);
    assertThat(
            fx.submitV2("electra", fx.single(duty, other, fx.sign(fx.keys.get(3), other))).status())
        .isEqualTo(200);
    final JsonNode summary = fx.summary();
    assertThat(summary.at("/slashable/count").asInt()).isEqualTo(1);
    assertThat(summary.at("/slashable/pairs/0/kind").asText()).isEqualTo("double_vote");
    assertThat(summary.at("/slashable/pairs/0/validator_index").asInt()).isEqualTo(3);
    assertThat(summary.at("/slashable/pairs/0/second/beacon_block_root").asText())
        .isEqualTo(parentRoot.toHex());
  }

  @Test
  void surroundVoteIsDetected() {
    fx.atSlot(16);
    final JsonNode inner = fx.duty(2, 0);
    final long innerSlot = SimFixture.uint(inner, "slot");
    fx.atSlot(innerSlot);
    final AttestationData honest = fx.attestationData(innerSlot, 0);
    assertThat(honest.source().epoch()).isEqualTo(1);
    assertThat(honest.target().epoch()).isEqualTo(2);
    assertThat(
            fx.submitV2("electra", fx.single(inner, honest, fx.sign(fx.keys.get(0), honest)))
                .status())
        .isEqualTo(200);

    fx.atSlot(24);
    final JsonNode outer = fx.duty(3, 0);
    final long outerSlot = SimFixture.uint(outer, "slot");
    fx.atSlot(outerSlot);
    final AttestationData current = fx.attestationData(outerSlot, 0);
    final AttestationData surrounding =
        new AttestationData(
            outerSlot,
            0,
            current.beaconBlockRoot(),
            new Checkpoint(0, Bytes.zero(32)),
            current.target());
    assertThat(
            fx.submitV2(
                    "electra", fx.single(outer, surrounding, fx.sign(fx.keys.get(0), surrounding)))
                .status())
        .isEqualTo(200);

    final JsonNode summary = fx.summary();
    assertThat(summary.at("/slashable/count").asInt()).isEqualTo(1);
    assertThat(summary.at("/slashable/pairs/0/kind").asText()).isEqualTo("surround_vote");
    assertThat(summary.at("/slashable/pairs/0/first/target/epoch").asText()).isEqualTo("2");
    assertThat(summary.at("/slashable/pairs/0/second/source/epoch").asText()).isEqualTo("0");
    // the wrong source keeps it out of the inclusion record of epoch 3
    assertThat(summary.at("/epochs/3/cluster_included").asInt()).isZero();
    assertThat(summary.at("/epochs/2/cluster_included").asInt()).isEqualTo(1);
  }

  @Test
  void futureSlotsAreRefused() {
    fx.atSlot(2);
    final SimHttp.Response data =
        fx.http.get("/eth/v1/validator/attestation_data?slot=3&committee_index=0");
    assertThat(data.status()).isEqualTo(400);
    assertThat(data.body().get("message").asText()).contains("future");
  }

  @Test
  void wrongConsensusVersionIsRefused() {
    final JsonNode duty = fx.duty(0, 0);
    final long slot = SimFixture.uint(duty, "slot");
    fx.atSlot(slot);
    final AttestationData data = fx.attestationData(slot, 0);
    final SimHttp.Response v1 =
        fx.http.post(
            "/eth/v1/beacon/pool/attestations",
            fx.phase0(duty, data, fx.sign(fx.keys.get(0), data)),
            java.util.Map.of());
    assertThat(v1.status()).isEqualTo(400);
    assertThat(v1.body().at("/failures/0/message").asText()).contains("SingleAttestation");
    final SimHttp.Response missing = fx.http.post("/eth/v2/beacon/pool/attestations", "[]");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().get("message").asText()).contains("Eth-Consensus-Version");
  }
}
