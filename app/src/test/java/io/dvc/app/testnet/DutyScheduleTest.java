package io.dvc.app.testnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.beaconsim.ApiRequest;
import io.dvc.beaconsim.ApiResponse;
import io.dvc.beaconsim.BeaconSimConfig;
import io.dvc.beaconsim.BeaconSimulator;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.common.time.FakeTimeProvider;
import io.dvc.spec.Preset;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The testnet asks a beacon node for duties only as far ahead as a beacon node serves them: a run
 * of five epochs gets every epoch's duties from beacon-sim, none refused (before, every epoch was
 * asked for before genesis and epoch 2 got HTTP 400).
 */
@Timeout(60)
class DutyScheduleTest {
  @Test
  void everyEpochOfALongRunIsFetchedOnceTheChainIsInTheEpochBefore() throws Exception {
    final SecureRandom random = new SecureRandom();
    final List<BlsPublicKey> keys = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      keys.add(BlsSecretKey.random(random).publicKey());
    }
    final FakeTimeProvider time = new FakeTimeProvider(1_700_000_000_000L);
    try (BeaconSimulator sim =
        BeaconSimulator.start(
            BeaconSimConfig.of(keys)
                .withExtraValidators(24)
                .withPreset(Preset.MINIMAL)
                .withSecondsPerSlot(2)
                .withGenesisDelaySeconds(4)
                .withTime(time))) {
      final List<String> refused = new ArrayList<>();
      final DutySchedule schedule =
          new DutySchedule(
              (path, body) -> {
                final ApiResponse response =
                    sim.api().handle(new ApiRequest("POST", path, Map.of(), Map.of(), body));
                if (response.status() != 200) {
                  refused.add(path + " " + response.body());
                  throw new IOException("HTTP " + response.status());
                }
                return (JsonNode) response.body();
              },
              8,
              5,
              8);
      final long genesisMillis = sim.chain().schedule().genesisTime() * 1000;
      assertThat(schedule.advanceTo(0)).as("before genesis").isNull();
      assertThat(schedule.attesterSlots()).containsOnlyKeys(0L, 1L);
      for (long slot = 0; slot < 5 * 8; slot++) {
        time.setMillis(genesisMillis + slot * 2000 + 10);
        assertThat(schedule.advanceTo(slot)).as("slot %d", slot).isNull();
      }
      assertThat(refused).isEmpty();
      assertThat(schedule.attesterSlots()).containsOnlyKeys(0L, 1L, 2L, 3L, 4L);
      schedule.attesterSlots().values().forEach(slots -> assertThat(slots).hasSize(8));
      assertThat(schedule.syncMessageDuties()).hasSize(40);
      // asking ahead of the chain is what a beacon node refuses
      time.setMillis(genesisMillis + 10);
      final DutySchedule eager =
          new DutySchedule(
              (path, body) -> {
                final ApiResponse response =
                    sim.api().handle(new ApiRequest("POST", path, Map.of(), Map.of(), body));
                if (response.status() != 200) {
                  throw new IOException("HTTP " + response.status());
                }
                return (JsonNode) response.body();
              },
              8,
              5,
              8);
      assertThat(eager.advanceTo(3 * 8)).contains("epoch 2").contains("HTTP 400");
    }
  }
}
