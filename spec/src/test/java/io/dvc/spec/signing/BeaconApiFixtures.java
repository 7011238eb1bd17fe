package io.dvc.spec.signing;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.spec.ssz.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The golden config/spec and genesis responses under src/test/resources/beacon-api. */
final class BeaconApiFixtures {
  private BeaconApiFixtures() {}

  static JsonNode json(final String name) {
    try (InputStream in = BeaconApiFixtures.class.getResourceAsStream("/beacon-api/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ForkSchedule mainnet() {
    return ForkSchedule.fromBeaconApi(
        json("mainnet-config-spec.json"), json("mainnet-genesis.json"));
  }

  static ForkSchedule minimal() {
    return ForkSchedule.fromBeaconApi(
        json("minimal-config-spec.json"), json("minimal-genesis.json"));
  }
}
