package io.dvc.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.spec.ssz.BitvectorType;
import io.dvc.spec.ssz.Json;
import org.junit.jupiter.api.Test;

class PresetTest {

  @Test
  void configSpecStartsFromItsPresetBaseAndTakesReportedValues() {
    final Preset preset =
        Preset.fromConfigSpec(
            Json.parse(
                "{\"data\":{\"PRESET_BASE\":\"minimal\",\"SYNC_COMMITTEE_SIZE\":\"64\","
                    + "\"SECONDS_PER_SLOT\":\"6\",\"EPOCHS_PER_SYNC_COMMITTEE_PERIOD\":\"4\"}}"));
    assertThat(preset.slotsPerEpoch()).isEqualTo(8);
    assertThat(preset.epochsPerSyncCommitteePeriod()).isEqualTo(4);
    assertThat(preset.syncCommitteePeriod(9)).isEqualTo(2);
    assertThat(Preset.MINIMAL.epochsPerSyncCommitteePeriod()).isEqualTo(8);
    assertThat(Preset.MAINNET.epochsPerSyncCommitteePeriod()).isEqualTo(256);
    assertThat(preset.syncCommitteeSize()).isEqualTo(64);
    assertThat(preset.syncSubcommitteeSize()).isEqualTo(16);
    final BitvectorType bits =
        (BitvectorType) Schemas.forPreset(preset).syncAggregate.fieldTypes().get(0);
    assertThat(bits.length()).isEqualTo(64);
  }

  @Test
  void presetsDifferWhereTheSpecSaysSo() {
    assertThat(Preset.MAINNET.maxCommitteesPerSlot()).isEqualTo(64);
    assertThat(Preset.MINIMAL.maxCommitteesPerSlot()).isEqualTo(4);
    assertThat(Preset.MINIMAL.maxWithdrawalsPerPayload()).isEqualTo(4);
    assertThat(Preset.MINIMAL.syncCommitteeSize()).isEqualTo(32);
    assertThat(Preset.MAINNET.bytesPerBlob()).isEqualTo(131072);
    assertThat(Schemas.forPreset(Preset.MINIMAL)).isSameAs(Schemas.forPreset(Preset.MINIMAL));
  }

  @Test
  void unknownPresetBaseIsReported() {
    assertThatThrownBy(() -> Preset.fromConfigSpec(Json.parse("{\"PRESET_BASE\":\"gnosis\"}")))
        .hasMessage("unknown preset \"gnosis\"");
    assertThatThrownBy(() -> Preset.fromConfigSpec(Json.parse("{}")))
        .hasMessage("config/spec has no PRESET_BASE");
  }
}
