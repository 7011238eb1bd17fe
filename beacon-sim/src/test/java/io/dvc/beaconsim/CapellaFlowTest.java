package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.types.AttestationData;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Before Electra: the committee index is inside AttestationData and the phase0 Attestation carries
 * aggregation bits over the committee. Minimal preset with enough validators for several committees
 * per slot.
 */
@Timeout(60)
class CapellaFlowTest {
  // 4 cluster + 60 others = 64 validators, minimal preset: 64 / 8 / 4 = 2 committees per slot
  private final SimFixture fx = new SimFixture(4, 60, Preset.MINIMAL, ForkName.CAPELLA);

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void configReportsCapellaAndLaterForksUnscheduled() {
    final JsonNode spec = fx.http.get("/eth/v1/config/spec").body().get("data");
    assertThat(spec.get("CAPELLA_FORK_EPOCH").asText()).isEqualTo("0");
    assertThat(spec.get("DENEB_FORK_EPOCH").asText()).isEqualTo("18446744073709551615");
    assertThat(spec.get("ELECTRA_FORK_EPOCH").asText()).isEqualTo("18446744073709551615");
    assertThat(fx.schedule.forkAt(5)).isEqualTo(ForkName.CAPELLA);
    final JsonNode forks = fx.http.get("/eth/v1/config/fork_schedule").body().get("data");
    assertThat(forks).hasSize(4);
    assertThat(forks.get(3).get("current_version").asText())
        .isEqualTo(fx.schedule.versionOf(ForkName.CAPELLA).toHex());
    assertThat(forks.get(3).get("previous_version").asText())
        .isEqualTo(fx.schedule.versionOf(ForkName.BELLATRIX).toHex());
  }

  @Test
  void phase0AttestationsWithAggregationBitsAreVerifiedAndIncluded() {
    final JsonNode duties = fx.duties(0, 0, 1, 2, 3).get("data");
    assertThat(duties).hasSize(4);
    int submitted = 0;
    for (final JsonNode duty : duties) {
      assertThat(SimFixture.uint(duty, "committees_at_slot")).isEqualTo(2);
      final long slot = SimFixture.uint(duty, "slot");
      final long committeeIndex = SimFixture.uint(duty, "committee_index");
      final int index = (int) SimFixture.uint(duty, "validator_index");
      fx.atSlot(slot);
      final AttestationData data = fx.attestationData(slot, committeeIndex);
      assertThat(data.index()).isEqualTo(committeeIndex);
      final JsonNode body = fx.phase0(duty, data, fx.sign(fx.keys.get(index), data));
      // alternate between v1 and v2 with Eth-Consensus-Version: capella
      final SimHttp.Response response =
          submitted++ % 2 == 0
              ? fx.http.post("/eth/v1/beacon/pool/attestations", body, Map.of())
              : fx.submitV2("capella", body);
      assertThat(response.status()).as(response.raw()).isEqualTo(200);
    }
    final JsonNode summary = fx.summary();
    assertThat(summary.get("fork").asText()).isEqualTo("capella");
    assertThat(summary.at("/attestations/valid").asLong()).isEqualTo(4);
    assertThat(summary.at("/epochs/0/cluster_included").asInt()).isEqualTo(4);
  }

  @Test
  void aggregationBitsMustMatchTheCommittee() {
    final JsonNode duty = fx.duty(0, 0);
    final long slot = SimFixture.uint(duty, "slot");
    fx.atSlot(slot);
    final AttestationData data = fx.attestationData(slot, SimFixture.uint(duty, "committee_index"));
    final ArrayNode body = (ArrayNode) fx.phase0(duty, data, fx.sign(fx.keys.get(0), data));
    // the other seat of the committee: the signature is validator 0's, the bit someone else's
    final int seat = (int) SimFixture.uint(duty, "validator_committee_index");
    final int length = (int) SimFixture.uint(duty, "committee_length");
    ((ObjectNode) body.get(0))
        .put(
            "aggregation_bits",
            fx.schedule
                .schemas()
                .phase0Attestation
                .toJson(
                    new io.dvc.spec.types.Phase0Attestation(
                        io.dvc.spec.ssz.Bits.of(length, (seat + 1) % length),
                        data,
                        io.dvc.spec.ssz.Bytes.zero(96)))
                .get("aggregation_bits")
                .asText());
    final SimHttp.Response wrongSeat = fx.submitV2("capella", body);
    assertThat(wrongSeat.status()).isEqualTo(400);
    assertThat(wrongSeat.body().at("/failures/0/message").asText()).contains("invalid signature");

    ((ObjectNode) body.get(0)).put("aggregation_bits", "0x01");
    final SimHttp.Response empty = fx.submitV2("capella", body);
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body().at("/failures/0/message").asText()).contains("aggregation_bits");

    final SimHttp.Response electraHeader = fx.submitV2("electra", body);
    assertThat(electraHeader.status()).isEqualTo(400);
  }
}
