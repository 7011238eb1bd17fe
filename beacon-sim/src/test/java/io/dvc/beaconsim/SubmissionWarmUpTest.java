package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.BlsSecretKey;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionWarmUpTest {
  private static BeaconSimConfig config(final Preset preset, final ForkName fork) {
    return BeaconSimConfig.of(List.of(BlsSecretKey.random(new SecureRandom()).publicKey()))
        .withPreset(preset)
        .withFork(fork);
  }

  @Test
  void everyWarmUpAttestationIsAcceptedAfterElectra() {
    final SubmissionWarmUp.Result result =
        SubmissionWarmUp.run(config(Preset.MINIMAL, ForkName.ELECTRA), 64, 3);

    assertThat(result.submitted()).isPositive();
    assertThat(result.accepted()).isEqualTo(result.submitted());
    assertThat(result.blocksPublished()).isEqualTo(3);
    assertThat(result.blocksImported()).isEqualTo(3);
    assertThat(result.syncSubmitted()).isPositive();
    assertThat(result.syncAccepted()).isEqualTo(result.syncSubmitted());
  }

  @Test
  void blindedBlocksAndBlobsAreWarmedUpToo() {
    final SubmissionWarmUp.Result result =
        SubmissionWarmUp.run(
            config(Preset.MINIMAL, ForkName.FULU).withBlobsPerBlock(2).withBuilder(true), 64, 2);

    assertThat(result.blocksPublished()).isEqualTo(2);
    assertThat(result.blocksImported()).isEqualTo(2);
    assertThat(result.accepted()).isEqualTo(result.submitted());
  }

  @Test
  void beforeElectraThePhase0FormIsAcceptedToo() {
    final SubmissionWarmUp.Result result =
        SubmissionWarmUp.run(config(Preset.MINIMAL, ForkName.CAPELLA), 64, 3);

    assertThat(result.submitted()).isPositive();
    assertThat(result.accepted()).isEqualTo(result.submitted());
    assertThat(result.blocksImported()).isEqualTo(3);
  }

  @Test
  void onTheMainnetPresetEachSlotCarriesItsShare() {
    final SubmissionWarmUp.Result result =
        SubmissionWarmUp.run(config(Preset.MAINNET, ForkName.ELECTRA), 320, 2);

    assertThat(result.submitted()).isEqualTo(20);
    assertThat(result.accepted()).isEqualTo(20);
  }
}
