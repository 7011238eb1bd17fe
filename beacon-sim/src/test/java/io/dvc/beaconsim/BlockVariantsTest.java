package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.spec.Blinding;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.BeaconBlockBodyCapella;
import io.dvc.spec.types.BeaconBlockBodyDeneb;
import io.dvc.spec.types.BeaconBlockBodyElectra;
import io.dvc.spec.types.BlindedBeaconBlock;
import io.dvc.spec.types.BlindedBeaconBlockBodyElectra;
import io.dvc.spec.types.BlockContents;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Blinded blocks through the fake builder, blobs in Deneb and Fulu, Capella's plain blocks. */
@Timeout(60)
class BlockVariantsTest {

  private static SimFixture fixture(final ForkName fork, final int blobs, final boolean builder) {
    return new SimFixture(
        8, 0, Preset.MINIMAL, fork, c -> c.withBlobsPerBlock(blobs).withBuilder(builder));
  }

  @Test
  void blindedBlockRoundTripsThroughTheFakeBuilder() {
    try (SimFixture fx = fixture(ForkName.ELECTRA, 2, true)) {
      final ProposerClient client = new ProposerClient(fx);
      fx.atSlot(1);
      final SimHttp.Response produced = client.produce(1, "&builder_boost_factor=100");
      assertThat(produced.status()).as(produced.raw()).isEqualTo(200);
      assertThat(produced.http().headers().firstValue("Eth-Execution-Payload-Blinded"))
          .hasValue("true");
      assertThat(produced.body().get("execution_payload_blinded").asBoolean()).isTrue();
      assertThat(produced.body().get("execution_payload_value").asText())
          .isEqualTo(MockExecution.BUILDER_VALUE.toString());
      final BlindedBeaconBlock blinded = client.blinded(produced, 1);
      final BlindedBeaconBlockBodyElectra body = (BlindedBeaconBlockBodyElectra) blinded.body();
      assertThat(body.blobKzgCommitments()).hasSize(2);
      assertThat(body.executionPayloadHeader().extraData().toArray())
          .isEqualTo("dvc-beacon-sim builder".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      final Bytes signature = client.sign(blinded, fx.keys.get(client.proposer(1)));
      final SimHttp.Response published = client.publishBlinded(blinded, signature);
      assertThat(published.status()).as(published.raw()).isEqualTo(200);
      final String root =
          fx.schedule.schemas().beaconBlockHeader.hashTreeRoot(fx.roots.header(blinded)).toHex();
      assertThat(client.headRoot()).isEqualTo(root);
      final JsonNode proposals = client.proposalsAfter(1);
      assertThat(proposals.get("produced_blinded").asInt()).isEqualTo(1);
      assertThat(proposals.at("/duties/0/blinded").asBoolean()).isTrue();
      assertThat(proposals.get("included").asInt()).isEqualTo(1);
    }
  }

  @Test
  void aBlindedBlockTheBuilderDidNotMakeIsRefused() {
    try (SimFixture fx = fixture(ForkName.ELECTRA, 0, true)) {
      final ProposerClient client = new ProposerClient(fx);
      fx.atSlot(1);
      // a full (local) block, blinded by the client: the builder never saw its payload
      final BlockContents full = client.contents(client.produce(1, "&builder_boost_factor=0"), 1);
      final BlindedBeaconBlock blinded = new Blinding(fx.schedule.schemas()).blind(full.block());
      final SimHttp.Response refused =
          client.publishBlinded(blinded, client.sign(blinded, fx.keys.get(client.proposer(1))));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body().get("message").asText()).contains("builder has no payload");
      assertThat(client.proposals().at("/rejected_by_reason/unknown_payload").asInt()).isEqualTo(1);
    }
  }

  @Test
  void theBoostFactorChoosesBetweenLocalAndBuilderPayloads() {
    try (SimFixture fx = fixture(ForkName.ELECTRA, 0, true)) {
      final ProposerClient client = new ProposerClient(fx);
      fx.atSlot(1);
      // local 0.01 ETH, builder 0.02 ETH: local wins while local >= boost * (builder / 100)
      assertThat(blinded(client, "&builder_boost_factor=0")).isFalse();
      assertThat(blinded(client, "&builder_boost_factor=50")).isFalse();
      assertThat(blinded(client, "&builder_boost_factor=51")).isTrue();
      assertThat(blinded(client, "&builder_boost_factor=18446744073709551615")).isTrue();
      assertThat(blinded(client, "")).isTrue();
    }
    try (SimFixture fx = fixture(ForkName.ELECTRA, 0, false)) {
      final ProposerClient client = new ProposerClient(fx);
      fx.atSlot(1);
      assertThat(blinded(client, "&builder_boost_factor=18446744073709551615")).isFalse();
    }
    assertThat(
            BlockFactory.builderWins(
                BigInteger.TEN, BigInteger.valueOf(1000), new BigInteger("18446744073709551615")))
        .isTrue();
  }

  private static boolean blinded(final ProposerClient client, final String query) {
    final SimHttp.Response response = client.produce(1, query);
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    return response.body().get("execution_payload_blinded").asBoolean();
  }

  @Test
  void denebBlocksCarryBlobsWithOneProofEach() {
    try (SimFixture fx = fixture(ForkName.DENEB, 3, false)) {
      final ProposerClient client = new ProposerClient(fx);
      fx.atSlot(1);
      final SimHttp.Response produced = client.produce(1, "");
      assertThat(produced.http().headers().firstValue("Eth-Consensus-Version")).hasValue("deneb");
      final BlockContents contents = client.contents(produced, 1);
      final BeaconBlockBodyDeneb body = (BeaconBlockBodyDeneb) contents.block().body();
      assertThat(body.blobKzgCommitments()).hasSize(3).doesNotHaveDuplicates();
      assertThat(contents.blobs()).hasSize(3);
      assertThat(contents.blobs().get(0).size()).isEqualTo(131_072);
      assertThat(contents.kzgProofs()).hasSize(3);
      assertThat(body.executionPayload().blobGasUsed()).isEqualTo(3 * 131_072L);
      // a missing blob is refused, the complete contents are imported
      final ObjectNode signed =
          (ObjectNode)
              client.signedJson(
                  contents, client.sign(contents.block(), fx.keys.get(client.proposer(1))));
      final ObjectNode missing = signed.deepCopy();
      ((ArrayNode) missing.get("blobs")).remove(2);
      final SimHttp.Response refused = client.publish(missing, 1, "");
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body().get("message").asText()).contains("3 blob commitments");
      assertThat(client.publish(signed, 1, "").status()).isEqualTo(200);
    }
  }

  @Test
  void fuluBlocksCarryCellProofs() {
    try (SimFixture fx = fixture(ForkName.FULU, 2, false)) {
      final ProposerClient client = new ProposerClient(fx);
      fx.atSlot(1);
      final BlockContents contents = client.contents(client.produce(1, ""), 1);
      assertThat(((BeaconBlockBodyElectra) contents.block().body()).blobKzgCommitments())
          .hasSize(2);
      assertThat(contents.blobs()).hasSize(2);
      assertThat(contents.kzgProofs()).hasSize(2 * 128);
      assertThat(client.signAndPublish(contents).status()).isEqualTo(200);
      final BlockContents noProofs =
          new BlockContents(contents.block(), List.of(), contents.blobs());
      assertThat(client.signAndPublish(noProofs).status()).isEqualTo(400);
    }
  }

  @Test
  void capellaBlocksArePlainAndBlindedOnesRoundTrip() {
    try (SimFixture fx = fixture(ForkName.CAPELLA, 0, true)) {
      final ProposerClient client = new ProposerClient(fx);
      fx.atSlot(1);
      final SimHttp.Response full = client.produce(1, "&builder_boost_factor=0");
      assertThat(full.body().get("version").asText()).isEqualTo("capella");
      assertThat(full.body().at("/data/slot").asText()).isEqualTo("1");
      final BlockContents contents = client.contents(full, 1);
      assertThat(contents.block().body()).isInstanceOf(BeaconBlockBodyCapella.class);
      assertThat(client.signAndPublish(contents).status()).isEqualTo(200);
      // the attester of slot 1 attests; the block of slot 2 carries it in the phase0 form
      int attester = 0;
      while (SimFixture.uint(fx.duty(0, attester), "slot") != 1) {
        attester++;
      }
      final JsonNode duty = fx.duty(0, attester);
      final var data = fx.attestationData(1, SimFixture.uint(duty, "committee_index"));
      assertThat(
              fx.submitV2("capella", fx.phase0(duty, data, fx.sign(fx.keys.get(attester), data)))
                  .status())
          .isEqualTo(200);
      fx.atSlot(2);
      final var attestations =
          client
              .contents(client.produce(2, "&builder_boost_factor=0"), 2)
              .block()
              .body()
              .attestations();
      assertThat(attestations).hasSize(1);
      assertThat(attestations.get(0)).isInstanceOf(io.dvc.spec.types.Phase0Attestation.class);
      assertThat(attestations.get(0).data()).isEqualTo(data);
      assertThat(attestations.get(0).aggregationBits().bitCount()).isEqualTo(1);
      final SimHttp.Response blinded = client.produce(2, "");
      assertThat(blinded.body().get("execution_payload_blinded").asBoolean()).isTrue();
      final BlindedBeaconBlock block = client.blinded(blinded, 2);
      assertThat(
              client
                  .publishBlinded(block, client.sign(block, fx.keys.get(client.proposer(2))))
                  .status())
          .isEqualTo(200);
      assertThat(client.proposalsAfter(2).get("included").asInt()).isEqualTo(2);
    }
  }

  @Test
  void theConfigRefusesMoreBlobsThanTheForkAllows() {
    final BeaconSimConfig config = BeaconSimConfig.of(List.of());
    assertThatThrownBy(() -> config.withBlobsPerBlock(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..9 at electra");
    assertThatThrownBy(() -> config.withFork(ForkName.CAPELLA).withBlobsPerBlock(1))
        .hasMessageContaining("0..0 at capella");
    assertThat(config.withFork(ForkName.FULU).withBlobsPerBlock(21).blobsPerBlock()).isEqualTo(21);
  }
}
