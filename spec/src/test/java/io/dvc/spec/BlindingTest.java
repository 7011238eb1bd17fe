package io.dvc.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.spec.testing.RandomValues;
import io.dvc.spec.types.BeaconBlock;
import io.dvc.spec.types.BlindedBeaconBlock;
import org.junit.jupiter.api.Test;

class BlindingTest {

  @Test
  void blindedBlockHasTheRootOfTheFullBlockInEveryForkWithPayloads() {
    for (final Preset preset : new Preset[] {Preset.MAINNET, Preset.MINIMAL}) {
      final Schemas schemas = Schemas.forPreset(preset);
      final Blinding blinding = new Blinding(schemas);
      for (final ForkName fork : ForkName.values()) {
        if (!fork.isAtLeast(ForkName.BELLATRIX)) {
          continue;
        }
        final ForkSchemas at = schemas.at(fork);
        for (long seed = 0; seed < 5; seed++) {
          final BeaconBlock block = new RandomValues(seed).of(at.beaconBlock());
          final BlindedBeaconBlock blinded = blinding.blind(block);
          assertThat(at.blindedBeaconBlock().orElseThrow().hashTreeRoot(blinded))
              .as(preset.name() + " " + fork.jsonName())
              .isEqualTo(at.beaconBlock().hashTreeRoot(block));
        }
      }
    }
  }

  @Test
  void blocksWithoutPayloadCannotBeBlinded() {
    final BeaconBlock altair =
        new RandomValues(1).of(Schemas.MAINNET.at(ForkName.ALTAIR).beaconBlock());
    assertThatThrownBy(() -> new Blinding(Schemas.MAINNET).blind(altair))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BeaconBlockBodyAltair has no execution payload");
  }
}
