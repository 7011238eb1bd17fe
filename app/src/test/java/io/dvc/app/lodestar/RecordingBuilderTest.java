package io.dvc.app.lodestar;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.Bls;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.Schemas;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SignedValidatorRegistrationV1;
import io.dvc.spec.types.ValidatorRegistrationV1;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingBuilderTest {
  private static final Bytes DEV_GENESIS = Bytes.fromHex("0x00000001");
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void recordsARegistrationSignedUnderTheBuilderDomainAndRefusesOneSignedUnderAnother()
      throws Exception {
    try (RecordingBuilder builder =
        new RecordingBuilder(
            Map.of(Bytes.of(InteropKeys.secretKey(5).publicKey().toBytes()), 5),
            DEV_GENESIS,
            () -> 7)) {
      builder.start();
      assertThat(post(builder, registration(DEV_GENESIS)).statusCode()).isEqualTo(200);
      final HttpResponse<String> refused = post(builder, registration(Bytes.fromHex("0x03000001")));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).contains("invalid_signature");
      assertThat(builder.validByEpoch()).isEqualTo(Map.of(7L, Map.of(5, 1)));
      assertThat(builder.invalid()).isEqualTo(Map.of("invalid_signature", 1));
    }
  }

  @Test
  void refusesAValidatorItDoesNotKnowAndAnswersNoBidToHeaders() throws Exception {
    try (RecordingBuilder builder = new RecordingBuilder(Map.of(), DEV_GENESIS, () -> 0)) {
      builder.start();
      assertThat(post(builder, registration(DEV_GENESIS)).statusCode()).isEqualTo(400);
      assertThat(builder.invalid()).isEqualTo(Map.of("unknown_validator", 1));
      final HttpResponse<String> header =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(builder.url() + "/eth/v1/builder/header/9/0x00/0x00"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(header.statusCode()).isEqualTo(204);
    }
  }

  /** Validator 5's registration signed with the builder domain of {@code forkVersion}. */
  private static String registration(final Bytes forkVersion) {
    final ValidatorRegistrationV1 message =
        new ValidatorRegistrationV1(
            Bytes.fromHex("0x000000000000000000000000000000000000dead"),
            30_000_000,
            1_700_000_000,
            Bytes.of(InteropKeys.secretKey(5).publicKey().toBytes()));
    final SigningRoots roots =
        new SigningRoots(
            ForkSchedule.of(
                Map.of(ForkName.PHASE0, forkVersion),
                Map.of(),
                Bytes.zero(32),
                0,
                1,
                Preset.MINIMAL));
    final Bytes signature =
        Bytes.of(
            Bls.sign(InteropKeys.secretKey(5), roots.validatorRegistration(message).toArray())
                .toBytes());
    return "["
        + Schemas.MAINNET.signedValidatorRegistrationV1.toJson(
            new SignedValidatorRegistrationV1(message, signature))
        + "]";
  }

  private HttpResponse<String> post(final RecordingBuilder builder, final String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(builder.url() + "/eth/v1/builder/validators"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
