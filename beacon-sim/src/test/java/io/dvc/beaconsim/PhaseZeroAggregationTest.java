package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.beaconsim.AggregatorClient.Committee;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Phase0Attestation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Before Electra: the phase0 aggregate (committee = data.index) through v1 and v2. */
@Timeout(120)
class PhaseZeroAggregationTest {
  private final SimFixture fx = new SimFixture(64, 960, Preset.MINIMAL, ForkName.DENEB);
  private final AggregatorClient client = new AggregatorClient(fx);

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void v1AndV2ServeAndAcceptThePhase0Form() {
    Committee committee = null;
    int aggregator = -1;
    for (final Committee c : client.committees(0, 2)) {
      if (!client.bySelection(c).get(0).isEmpty()) {
        committee = c;
        aggregator = client.bySelection(c).get(0).get(0);
        break;
      }
    }
    assertThat(committee).as("a committee with a selected cluster member").isNotNull();
    final AttestationData data = client.attestAll(committee, "deneb");
    assertThat(data.index()).isEqualTo(committee.index());

    final SimHttp.Response v1 =
        fx.http.get(
            "/eth/v1/validator/aggregate_attestation?attestation_data_root="
                + fx.schedule.schemas().attestationData.hashTreeRoot(data).toHex()
                + "&slot="
                + data.slot());
    assertThat(v1.status()).as(v1.raw()).isEqualTo(200);
    assertThat(v1.body().has("version")).isFalse();
    final Attestation fromV1 = client.attestation(v1, data.slot());
    assertThat(fromV1).isInstanceOf(Phase0Attestation.class);
    assertThat(fromV1.aggregationBits().bitCount()).isEqualTo(committee.members().size());

    final SimHttp.Response v2 = client.getAggregate(data, committee.index());
    assertThat(v2.body().get("version").asText()).isEqualTo("deneb");
    assertThat(client.attestation(v2, data.slot())).isEqualTo(fromV1);
    // v2 asked for another committee than data.index: nothing there
    assertThat(client.getAggregate(data, (committee.index() + 1) % 4).status()).isEqualTo(404);

    final Bytes proof = client.selectionProof(fx.keys.get(aggregator), data.slot());
    final SimHttp.Response viaV1 =
        client.publishV1(client.signed(aggregator, fromV1, proof, fx.keys.get(aggregator)));
    assertThat(viaV1.status()).as(viaV1.raw()).isEqualTo(200);
    final SimHttp.Response viaV2 =
        client.publish("deneb", client.signed(aggregator, fromV1, proof, fx.keys.get(aggregator)));
    assertThat(viaV2.status()).as(viaV2.raw()).isEqualTo(200);
    assertThat(fx.summary().at("/aggregation/valid").asLong()).isEqualTo(2);
    assertThat(fx.summary().at("/aggregation/epochs/0/cluster_included").asInt())
        .isEqualTo(committee.members().size());
  }
}
