package io.dvc.spec.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.ElectraAttestation;
import io.dvc.spec.types.Phase0Attestation;
import org.junit.jupiter.api.Test;

class ForkScheduleTest {
  private final ForkSchedule mainnet = BeaconApiFixtures.mainnet();
  private final ForkSchedule minimal = BeaconApiFixtures.minimal();

  @Test
  void mainnetForksActivateAtTheirEpochs() {
    assertThat(mainnet.forkAt(0)).isEqualTo(ForkName.PHASE0);
    assertThat(mainnet.forkAt(74239)).isEqualTo(ForkName.PHASE0);
    assertThat(mainnet.forkAt(74240)).isEqualTo(ForkName.ALTAIR);
    assertThat(mainnet.forkAt(194048)).isEqualTo(ForkName.CAPELLA);
    assertThat(mainnet.forkAt(364031)).isEqualTo(ForkName.DENEB);
    assertThat(mainnet.forkAt(364032)).isEqualTo(ForkName.ELECTRA);
    assertThat(mainnet.forkAt(-2L))
        .as("epoch 2^64-2: Fulu unscheduled")
        .isEqualTo(ForkName.ELECTRA);
    assertThat(mainnet.forkEpoch(ForkName.FULU)).isEqualTo(ForkSchedule.FAR_FUTURE_EPOCH);
    assertThat(mainnet.forkVersionAt(300000)).isEqualTo(Bytes.fromHex("0x04000000"));
  }

  @Test
  void slotTimingAndPresetComeFromTheSpec() {
    assertThat(mainnet.slotsPerEpoch()).isEqualTo(32);
    assertThat(mainnet.secondsPerSlot()).isEqualTo(12);
    assertThat(mainnet.genesisTime()).isEqualTo(1606824023L);
    assertThat(mainnet.forkAtSlot(364032L * 32)).isEqualTo(ForkName.ELECTRA);
    assertThat(mainnet.forkAtSlot(364032L * 32 - 1)).isEqualTo(ForkName.DENEB);
    assertThat(minimal.slotsPerEpoch()).isEqualTo(8);
    assertThat(minimal.secondsPerSlot()).isEqualTo(6);
    assertThat(minimal.preset()).isEqualTo(Preset.MINIMAL);
    assertThat(minimal.forkAtSlot(15)).isEqualTo(ForkName.DENEB);
    assertThat(minimal.forkAtSlot(16)).isEqualTo(ForkName.ELECTRA);
  }

  @Test
  void attestationFormatFollowsTheFork() {
    assertThat(mainnet.schemasAt(364031).attestation().recordClass())
        .isEqualTo(Phase0Attestation.class);
    assertThat(mainnet.schemasAt(364032).attestation().recordClass())
        .isEqualTo(ElectraAttestation.class);
    assertThat(minimal.schemasAt(2).beaconBlock().name()).isEqualTo("BeaconBlock");
  }

  @Test
  void forkObjectHoldsPreviousAndCurrentVersion() {
    assertThat(mainnet.forkObjectAt(400000).previousVersion())
        .isEqualTo(Bytes.fromHex("0x04000000"));
    assertThat(mainnet.forkObjectAt(400000).currentVersion())
        .isEqualTo(Bytes.fromHex("0x05000000"));
    assertThat(mainnet.forkObjectAt(400000).epoch()).isEqualTo(364032L);
    assertThat(mainnet.forkObjectAt(5).previousVersion()).isEqualTo(Bytes.fromHex("0x00000000"));
  }

  @Test
  void missingEpochOfANamedForkIsReported() {
    final ObjectNode spec =
        (ObjectNode) BeaconApiFixtures.json("mainnet-config-spec.json").get("data");
    spec.remove("CAPELLA_FORK_EPOCH");
    assertThatThrownBy(
            () -> ForkSchedule.fromBeaconApi(spec, BeaconApiFixtures.json("mainnet-genesis.json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("missing CAPELLA_FORK_EPOCH");
  }

  @Test
  void genesisForkVersionMayBeThatOfTheForkActiveAtGenesis() {
    final ObjectNode spec =
        (ObjectNode) BeaconApiFixtures.json("mainnet-config-spec.json").get("data");
    spec.put("ALTAIR_FORK_EPOCH", "0");
    spec.put("BELLATRIX_FORK_EPOCH", "0");
    final ObjectNode genesis =
        (ObjectNode) BeaconApiFixtures.json("mainnet-genesis.json").get("data");
    genesis.put("genesis_fork_version", "0x02000000");
    final ForkSchedule schedule = ForkSchedule.fromBeaconApi(spec, genesis);
    assertThat(schedule.forkAt(0)).isEqualTo(ForkName.BELLATRIX);
    assertThat(schedule.forkObjectAt(0).currentVersion()).isEqualTo(Bytes.fromHex("0x02000000"));
    genesis.put("genesis_fork_version", "0x01000000");
    assertThatThrownBy(() -> ForkSchedule.fromBeaconApi(spec, genesis))
        .as("Altair is not the fork in force at epoch 0")
        .hasMessageContaining("neither GENESIS_FORK_VERSION");
  }

  @Test
  void lodestarDevChainWithCapellaAtGenesisIsAccepted() {
    // Recorded from Lodestar 1.5.1 `lodestar dev` (minimal, Altair..Capella at epoch 0): its
    // genesis endpoint says 0x03000001 (Capella), its config/spec GENESIS_FORK_VERSION 0x00000001.
    final ForkSchedule schedule =
        ForkSchedule.fromBeaconApi(
            BeaconApiFixtures.json("lodestar-1.5.1-dev-config-spec.json"),
            BeaconApiFixtures.json("lodestar-1.5.1-dev-genesis.json"));
    assertThat(schedule.forkAt(0)).isEqualTo(ForkName.CAPELLA);
    assertThat(schedule.genesisForkVersion()).isEqualTo(Bytes.fromHex("0x00000001"));
    assertThat(schedule.forkVersionAt(5)).isEqualTo(Bytes.fromHex("0x03000001"));
    // (not equal to Preset.MINIMAL: its pre-Deneb config says FIELD_ELEMENTS_PER_BLOB = 4)
    assertThat(schedule.preset().name()).isEqualTo("minimal");
    assertThat(schedule.slotsPerEpoch()).isEqualTo(8);
    assertThat(schedule.secondsPerSlot()).isEqualTo(2);
  }

  @Test
  void genesisForkVersionMustMatchTheSpec() {
    final ObjectNode genesis =
        (ObjectNode) BeaconApiFixtures.json("mainnet-genesis.json").get("data");
    genesis.put("genesis_fork_version", "0x00000001");
    assertThatThrownBy(
            () ->
                ForkSchedule.fromBeaconApi(
                    BeaconApiFixtures.json("mainnet-config-spec.json"), genesis))
        .hasMessageContaining("is neither GENESIS_FORK_VERSION nor the version of the fork active");
  }

  @Test
  void malformedVersionIsReportedByKey() {
    final ObjectNode spec =
        (ObjectNode) BeaconApiFixtures.json("mainnet-config-spec.json").get("data");
    spec.put("DENEB_FORK_VERSION", "0x0400");
    assertThatThrownBy(
            () -> ForkSchedule.fromBeaconApi(spec, BeaconApiFixtures.json("mainnet-genesis.json")))
        .hasMessageStartingWith("DENEB_FORK_VERSION is not a 4-byte version");
  }
}
