package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.types.AttestationData;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attestation rewards, dropped submissions, stalled finality and client names. */
class MonitoringSwitchesTest {
  private final SimFixture fx = new SimFixture(4, 28, Preset.MINIMAL, ForkName.ELECTRA);

  @AfterEach
  void close() {
    fx.close();
  }

  /** Each validator attests at its duty slot of the epoch, in slot order. */
  private void attest(final long epoch, final int... validators) {
    final List<JsonNode> duties = new java.util.ArrayList<>();
    for (final int validator : validators) {
      duties.add(fx.duty(epoch, validator));
    }
    duties.sort(java.util.Comparator.comparingLong(d -> SimFixture.uint(d, "slot")));
    for (final JsonNode duty : duties) {
      final long slot = SimFixture.uint(duty, "slot");
      final int validator = (int) SimFixture.uint(duty, "validator_index");
      fx.atSlot(slot);
      final AttestationData data = fx.attestationData(slot, 0);
      final SimHttp.Response response =
          fx.submitV2("electra", fx.single(duty, data, fx.sign(fx.keys.get(validator), data)));
      assertThat(response.status()).as(response.raw()).isEqualTo(200);
    }
  }

  private JsonNode rewards(final long epoch, final String body) {
    final SimHttp.Response response =
        fx.http.post("/eth/v1/beacon/rewards/attestations/" + epoch, body);
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    return response.body().get("data").get("total_rewards");
  }

  @Test
  void droppedValidatorIsAcceptedButNeitherIncludedNorRewarded() {
    fx.sim.controls().dropSubmissionsOf(1);
    attest(0, 0, 1);
    fx.atSlot(8);
    final JsonNode total = rewards(0, "[\"0\",\"1\",\"2\"]");
    assertThat(total).hasSize(3);
    assertThat(total.get(0).get("validator_index").asText()).isEqualTo("0");
    assertThat(total.get(0).get("source").asLong()).isPositive();
    assertThat(total.get(0).get("target").asLong()).isPositive();
    assertThat(total.get(0).get("head").asLong()).isPositive();
    for (final int missed : new int[] {1, 2}) {
      assertThat(total.get(missed).get("source").asLong()).as("validator " + missed).isNegative();
      assertThat(total.get(missed).get("target").asLong()).isNegative();
      assertThat(total.get(missed).get("head").asLong()).isZero();
    }
    final JsonNode included = fx.summary().get("validators");
    assertThat(included.get(0).get("included_epochs").toString()).isEqualTo("[0]");
    assertThat(included.get(1).get("included_epochs").toString()).isEqualTo("[]");
  }

  @Test
  void rewardsCoverEveryValidatorWhenNoneIsNamedAndRefuseTheCurrentEpoch() {
    fx.atSlot(9);
    assertThat(rewards(0, "[]")).hasSize(32);
    assertThat(rewards(0, "")).hasSize(32);
    assertThat(fx.http.post("/eth/v1/beacon/rewards/attestations/1", "[]").status()).isEqualTo(400);
    assertThat(fx.http.post("/eth/v1/beacon/rewards/attestations/0", "[\"99\"]").status())
        .isEqualTo(400);
    assertThat(fx.http.get("/eth/v1/beacon/rewards/attestations/0").status()).isEqualTo(405);
  }

  @Test
  void finalityStaysWhereItStalled() {
    fx.atSlot(5 * 8);
    assertThat(finalizedEpoch()).isEqualTo(3);
    fx.sim.controls().stallFinalityFrom(5);
    fx.atSlot(9 * 8);
    assertThat(finalizedEpoch()).isEqualTo(3);
    assertThat(
            fx.http
                .get("/eth/v1/beacon/states/head/finality_checkpoints")
                .body()
                .at("/data/current_justified/epoch")
                .asLong())
        .isEqualTo(8);
  }

  private long finalizedEpoch() {
    return fx.http
        .get("/eth/v1/beacon/states/head/finality_checkpoints")
        .body()
        .at("/data/finalized/epoch")
        .asLong();
  }

  @Test
  void extraListenersServeTheSameChainUnderOtherClientNames() {
    final BlsSecretKey key = BlsSecretKey.random(new SecureRandom());
    final List<BlsPublicKey> keys = List.of(key.publicKey());
    final SimControls controls =
        new SimControls().clientName("Lighthouse").extraListener(0, "teku/v24.1.0/linux");
    try (BeaconSimulator sim =
        BeaconSimulator.start(BeaconSimConfig.of(keys).withExtraValidators(7), controls)) {
      final SimHttp main = new SimHttp(sim.url());
      final SimHttp extra = new SimHttp(sim.extraUrls().get(0));
      assertThat(main.get("/eth/v1/node/version").body().at("/data/version").asText())
          .isEqualTo("Lighthouse/v0.1.0-beacon-sim");
      assertThat(extra.get("/eth/v1/node/version").body().at("/data/version").asText())
          .isEqualTo("teku/v24.1.0/linux");
      assertThat(extra.get("/eth/v1/beacon/genesis").raw())
          .isEqualTo(main.get("/eth/v1/beacon/genesis").raw());
    } finally {
      key.destroy();
    }
  }

  @Test
  void refusesBadSwitches() {
    assertThatThrownBy(() -> new SimControls().clientName("bad\nname"))
        .hasMessageContaining("printable");
    assertThatThrownBy(() -> new SimControls().dropSubmissionsOf(-1)).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> new SimControls().extraListener(5000, "a").extraListener(5000, "b"))
        .hasMessageContaining("twice");
  }
}
