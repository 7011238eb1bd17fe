package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.BeaconBlockBodyElectra;
import io.dvc.spec.types.BlockContents;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proposer duties, prepare_beacon_proposer and produceBlockV3 on an Electra chain whose 8
 * validators all belong to the cluster (so every slot but genesis is a cluster proposal).
 */
@Timeout(60)
class BlockProductionTest {
  private final SimFixture fx = new SimFixture(8, 0, Preset.MINIMAL, ForkName.ELECTRA);
  private final ProposerClient client = new ProposerClient(fx);

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void proposerDutiesListEverySlotWithDependentRoots() {
    fx.atSlot(9); // epoch 1
    final JsonNode current = fx.http.get("/eth/v1/validator/duties/proposer/1").body();
    assertThat(current.get("data")).hasSize(8);
    for (int i = 0; i < 8; i++) {
      final JsonNode duty = current.get("data").get(i);
      assertThat(SimFixture.uint(duty, "slot")).isEqualTo(8 + i);
      final int index = (int) SimFixture.uint(duty, "validator_index");
      assertThat(duty.get("pubkey").asText())
          .isEqualTo(fx.keys.get(index).publicKey().toHex())
          .isEqualTo(fx.sim.chain().validators().get(index).publicKey().toHex());
      assertThat(index).isEqualTo(fx.sim.chain().proposerIndex(8 + i));
    }
    // every slot so far was a cluster slot and none was proposed: the head is still genesis
    final String genesis =
        fx.http.get("/eth/v1/beacon/headers/genesis").body().at("/data/root").asText();
    assertThat(current.get("dependent_root").asText()).isEqualTo(genesis);
    assertThat(fx.http.get("/eth/v1/validator/duties/proposer/2").status()).isEqualTo(200);
    assertThat(
            fx.http
                .get("/eth/v2/validator/duties/proposer/2")
                .body()
                .get("dependent_root")
                .asText())
        .isEqualTo(genesis);
    final SimHttp.Response tooFar = fx.http.get("/eth/v1/validator/duties/proposer/3");
    assertThat(tooFar.status()).isEqualTo(400);
    assertThat(tooFar.body().get("message").asText()).contains("current epoch is 1");
    assertThat(fx.http.get("/eth/v1/beacon/headers/5").status()).isEqualTo(404);
  }

  @Test
  void producesAnElectraBlockOnTheHeadWithThePreparedFeeRecipient() {
    fx.atSlot(1);
    final SimHttp.Response plain = client.produce(1, "&graffiti=0x" + "ab".repeat(32));
    assertThat(plain.status()).as(plain.raw()).isEqualTo(200);
    final HttpResponse<String> http = plain.http();
    assertThat(http.headers().firstValue("Eth-Consensus-Version")).hasValue("electra");
    assertThat(http.headers().firstValue("Eth-Execution-Payload-Blinded")).hasValue("false");
    assertThat(http.headers().firstValue("Eth-Execution-Payload-Value"))
        .hasValue(MockExecution.LOCAL_VALUE.toString());
    assertThat(http.headers().firstValue("Eth-Consensus-Block-Value"))
        .hasValue(MockExecution.CONSENSUS_VALUE.toString());
    assertThat(plain.body().get("version").asText()).isEqualTo("electra");
    assertThat(plain.body().get("execution_payload_blinded").asBoolean()).isFalse();
    assertThat(plain.body().get("execution_payload_value").asText())
        .isEqualTo(MockExecution.LOCAL_VALUE.toString());
    final BlockContents contents = client.contents(plain, 1);
    assertThat(contents.block().slot()).isEqualTo(1);
    assertThat(contents.block().proposerIndex()).isEqualTo(client.proposer(1));
    assertThat(contents.block().parentRoot().toHex())
        .isEqualTo(fx.http.get("/eth/v1/beacon/headers/genesis").body().at("/data/root").asText());
    final BeaconBlockBodyElectra body = (BeaconBlockBodyElectra) contents.block().body();
    assertThat(body.graffiti().toHex()).isEqualTo("0x" + "ab".repeat(32));
    assertThat(body.executionPayload().feeRecipient()).isEqualTo(Bytes.zero(20));
    assertThat(body.executionPayload().timestamp())
        .isEqualTo(fx.schedule.genesisTime() + fx.schedule.secondsPerSlot());
    assertThat(body.blobKzgCommitments()).isEmpty();
    assertThat(contents.blobs()).isEmpty();

    final String recipient = "0x" + "42".repeat(20);
    final SimHttp.Response prepared =
        fx.http.post(
            "/eth/v1/validator/prepare_beacon_proposer",
            "[{\"validator_index\":\""
                + client.proposer(1)
                + "\",\"fee_recipient\":\""
                + recipient
                + "\"},{\"validator_index\":\"99999\",\"fee_recipient\":\""
                + recipient
                + "\"}]");
    assertThat(prepared.status()).as(prepared.raw()).isEqualTo(200);
    final BeaconBlockBodyElectra withRecipient =
        (BeaconBlockBodyElectra) client.contents(client.produce(1, ""), 1).block().body();
    assertThat(withRecipient.executionPayload().feeRecipient().toHex()).isEqualTo(recipient);
    assertThat(client.proposals().get("fee_recipients_prepared").asInt()).isEqualTo(1);
    assertThat(client.proposals().get("produced").asInt()).isEqualTo(2);
    assertThat(
            fx.http
                .post(
                    "/eth/v1/validator/prepare_beacon_proposer",
                    "[{\"validator_index\":\"1\",\"fee_recipient\":\"0x42\"}]")
                .status())
        .isEqualTo(400);
  }

  @Test
  void refusesARandaoRevealOfAnotherKeyAndBadParameters() {
    fx.atSlot(2);
    final int proposer = client.proposer(2);
    final Bytes wrong = client.randao(2, fx.keys.get((proposer + 1) % 8));
    final SimHttp.Response refused = client.produce(2, wrong, "");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().get("message").asText())
        .contains("randao_reveal does not verify for validator " + proposer);
    final Bytes wrongEpoch =
        Bytes.of(fx.keys.get(proposer).sign(fx.roots.randaoReveal(1).toArray()).toBytes());
    assertThat(client.produce(2, wrongEpoch, "").status()).isEqualTo(400);
    assertThat(client.produce(2, "&builder_boost_factor=18446744073709551616").status())
        .isEqualTo(400);
    assertThat(client.produce(2, "&graffiti=0x12").status()).isEqualTo(400);
    assertThat(client.produce(9, "").status()).as("two slots ahead").isEqualTo(400);
    assertThat(fx.http.get("/eth/v3/validator/blocks/2").status()).isEqualTo(400);
    assertThat(client.proposals().get("produced").asInt()).isZero();
  }

  @Test
  void answersSszWhenAsked() {
    fx.atSlot(1);
    final Bytes randao = client.randao(1, fx.keys.get(client.proposer(1)));
    final HttpResponse<byte[]> ssz =
        fx.http.getBytes(
            "/eth/v3/validator/blocks/1?randao_reveal=" + randao.toHex(),
            Map.of("Accept", "application/octet-stream;q=1,application/json;q=0.9"));
    assertThat(ssz.statusCode()).isEqualTo(200);
    assertThat(ssz.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(ssz.headers().firstValue("Eth-Execution-Payload-Blinded")).hasValue("false");
    final BlockContents fromSsz =
        client.schemas(1).blockContents().orElseThrow().deserialize(ssz.body());
    assertThat(fromSsz).isEqualTo(client.contents(client.produce(1, randao, ""), 1));
  }

  @Test
  void oldProduceEndpointGivesAFullBlock() {
    fx.atSlot(1);
    final Bytes randao = client.randao(1, fx.keys.get(client.proposer(1)));
    final SimHttp.Response v2 =
        fx.http.get("/eth/v2/validator/blocks/1?randao_reveal=" + randao.toHex());
    assertThat(v2.status()).as(v2.raw()).isEqualTo(200);
    assertThat(v2.http().headers().firstValue("Eth-Consensus-Version")).hasValue("electra");
    assertThat(v2.body().has("execution_payload_blinded")).isFalse();
    assertThat(client.contents(v2, 1)).isEqualTo(client.contents(client.produce(1, randao, ""), 1));
  }
}
