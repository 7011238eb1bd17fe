package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.bls.BlsSecretKey;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.Schemas;
import io.dvc.spec.signing.Domains;
import io.dvc.spec.signing.Signing;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.SignedValidatorRegistrationV1;
import io.dvc.spec.types.SignedVoluntaryExit;
import io.dvc.spec.types.ValidatorRegistrationV1;
import io.dvc.spec.types.VoluntaryExit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Builder registrations, voluntary exits and liveness: what is checked, recorded and answered. */
@Timeout(60)
class OperationEndpointsTest {
  private final SimFixture fx = new SimFixture(4, 4, Preset.MINIMAL, ForkName.ELECTRA);

  @AfterEach
  void close() {
    fx.close();
  }

  private Bytes pubkey(final int validator) {
    return Bytes.of(fx.keys.get(validator).publicKey().toBytes());
  }

  private JsonNode registration(
      final int validator, final Bytes signingRoot, final long timestamp) {
    final ValidatorRegistrationV1 message =
        new ValidatorRegistrationV1(
            Bytes.fromHex("0x" + "ab".repeat(20)), 30_000_000, timestamp, pubkey(validator));
    final Bytes root = signingRoot != null ? signingRoot : fx.roots.validatorRegistration(message);
    return Schemas.MAINNET.signedValidatorRegistrationV1.toJson(
        new SignedValidatorRegistrationV1(
            message, Bytes.of(fx.keys.get(validator).sign(root.toArray()).toBytes())));
  }

  private SimHttp.Response register(final JsonNode... registrations) {
    final ArrayNode body = JsonNodeFactory.instance.arrayNode();
    for (final JsonNode r : registrations) {
      body.add(r);
    }
    return fx.http.post("/eth/v1/validator/register_validator", body, Map.of());
  }

  private SimHttp.Response exit(final VoluntaryExit exit, final Bytes forkVersion) {
    final Bytes domain =
        Signing.computeDomain(
            Domains.DOMAIN_VOLUNTARY_EXIT, forkVersion, fx.schedule.genesisValidatorsRoot());
    final Bytes root = Signing.computeSigningRoot(Schemas.MAINNET.voluntaryExit, exit, domain);
    final BlsSecretKey key = fx.keys.get((int) exit.validatorIndex());
    return fx.http.post(
        "/eth/v1/beacon/pool/voluntary_exits",
        Schemas.MAINNET.signedVoluntaryExit.toJson(
            new SignedVoluntaryExit(exit, Bytes.of(key.sign(root.toArray()).toBytes()))),
        Map.of());
  }

  @Test
  void registrationsSignedUnderTheBuilderDomainAreRecordedOthersRefused() {
    fx.atSlot(9); // epoch 1
    final long now = fx.schedule.genesisTime() + 9;
    assertThat(register(registration(0, null, now), registration(1, null, now)).status())
        .isEqualTo(200);
    // The chain's genesis validators root instead of the zero root: another domain.
    final ValidatorRegistrationV1 message =
        new ValidatorRegistrationV1(
            Bytes.fromHex("0x" + "ab".repeat(20)), 30_000_000, now, pubkey(2));
    final Bytes wrongRoot =
        Signing.computeSigningRoot(
            Schemas.MAINNET.validatorRegistrationV1,
            message,
            Signing.computeDomain(
                Domains.DOMAIN_APPLICATION_BUILDER,
                fx.schedule.genesisForkVersion(),
                fx.schedule.genesisValidatorsRoot()));
    final SimHttp.Response refused =
        register(registration(2, wrongRoot, now), registration(3, null, now + 60));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().get("failures")).hasSize(2);
    assertThat(refused.body().at("/failures/0/message").asText())
        .isEqualTo("signature of validator 2 does not verify");
    assertThat(refused.body().at("/failures/1/message").asText()).contains("in the future");

    final JsonNode registrations = fx.summary().get("registrations");
    assertThat(registrations.get("received").asLong()).isEqualTo(4);
    assertThat(registrations.get("valid").asLong()).isEqualTo(2);
    assertThat(registrations.get("invalid").asLong()).isEqualTo(2);
    assertThat(registrations.at("/rejected_by_reason/invalid_signature").asLong()).isEqualTo(1);
    assertThat(registrations.at("/epochs/1/cluster_registered").asLong()).isEqualTo(2);
    assertThat(registrations.at("/epochs/0/cluster_registered").asLong()).isZero();
  }

  @Test
  void anExitUnderTheEip7044DomainIsAcceptedAndRecordedInTheRegistry() {
    fx.atSlot(17); // epoch 2, Electra
    final VoluntaryExit exit = new VoluntaryExit(2, 1);
    final SimHttp.Response wrongDomain = exit(exit, fx.schedule.versionOf(ForkName.ELECTRA));
    assertThat(wrongDomain.status()).as("signed with the current (Electra) version").isEqualTo(400);
    assertThat(wrongDomain.body().get("message").asText()).contains("does not verify");
    assertThat(
            fx.http
                .get("/eth/v1/beacon/states/head/validators/1")
                .body()
                .at("/data/status")
                .asText())
        .isEqualTo("active_ongoing");

    assertThat(exit(exit, fx.schedule.versionOf(ForkName.CAPELLA)).status()).isEqualTo(200);
    assertThat(exit(exit, fx.schedule.versionOf(ForkName.CAPELLA)).status())
        .as("the same exit again (every node of a cluster sends it)")
        .isEqualTo(200);
    final JsonNode validator = fx.http.get("/eth/v1/beacon/states/head/validators/1").body();
    assertThat(validator.at("/data/status").asText()).isEqualTo("active_exiting");
    assertThat(validator.at("/data/validator/exit_epoch").asText()).isEqualTo("7");
    assertThat(fx.http.get("/eth/v1/beacon/pool/voluntary_exits").body().get("data")).hasSize(1);

    assertThat(
            exit(new VoluntaryExit(3, 2), fx.schedule.versionOf(ForkName.CAPELLA))
                .body()
                .get("message")
                .asText())
        .as("an exit epoch after the current one")
        .contains("after the current epoch");
    assertThat(exit(new VoluntaryExit(1, 1), fx.schedule.versionOf(ForkName.CAPELLA)).status())
        .as("another exit of a validator already exiting")
        .isEqualTo(400);

    final JsonNode exits = fx.summary().get("exits");
    assertThat(exits.get("accepted").asLong()).isEqualTo(1);
    assertThat(exits.get("duplicates").asLong()).isEqualTo(1);
    assertThat(exits.get("invalid").asLong()).isEqualTo(3);
    assertThat(exits.at("/rejected_by_reason/invalid_signature").asLong()).isEqualTo(1);
    assertThat(exits.at("/exited/0/validator_index").asLong()).isEqualTo(1);
    assertThat(exits.at("/exited/0/exit_epoch").asLong()).isEqualTo(7);
  }

  @Test
  void livenessComesFromIncludedAttestationsAndTheDoppelgangerSwitch() {
    final JsonNode duty = fx.duty(0, 0);
    final long slot = SimFixture.uint(duty, "slot");
    fx.atSlot(slot);
    final AttestationData data = fx.attestationData(slot, 0);
    assertThat(
            fx.submitV2("electra", fx.single(duty, data, fx.sign(fx.keys.get(0), data))).status())
        .isEqualTo(200);
    fx.sim.markLiveElsewhere(3);
    fx.atSlot(9);
    final ArrayNode indices = JsonNodeFactory.instance.arrayNode().add("0").add("1").add("3");
    final JsonNode live =
        fx.http.post("/eth/v1/validator/liveness/0", indices, Map.of()).body().get("data");
    assertThat(live).hasSize(3);
    assertThat(live.get(0).get("is_live").asBoolean()).as("attested in epoch 0").isTrue();
    assertThat(live.get(1).get("is_live").asBoolean()).as("silent").isFalse();
    assertThat(live.get(2).get("is_live").asBoolean()).as("live elsewhere").isTrue();
    assertThat(fx.http.post("/eth/v1/validator/liveness/5", indices, Map.of()).status())
        .as("a future epoch")
        .isEqualTo(400);
    assertThat(fx.summary().get("live_elsewhere")).hasSize(1);
  }
}
