package io.dvc.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.common.time.SlotClock;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StatusWiringTest {
  private static final long GENESIS_SECONDS = 1_000;
  private final AtomicLong now = new AtomicLong();
  private final SlotClock clock = new SlotClock(GENESIS_SECONDS, 12, 32, now::get);

  private long at(final long secondsAfterGenesis) {
    return (GENESIS_SECONDS + secondsAfterGenesis) * 1000;
  }

  @Test
  void theValidatorProbeFallsFiveSixthsIntoTheThirdSlotOfAnEpoch() {
    now.set(at(0));
    // slot 2 starts 24 s after genesis; five sixths of 12 s later
    assertThat(StatusWiring.nextEpochProbeMillis(clock, now.get())).isEqualTo(at(34));
  }

  @Test
  void beforeGenesisTheFirstProbeIsInEpochZero() {
    now.set(at(0) - 100_000);
    assertThat(StatusWiring.nextEpochProbeMillis(clock, now.get())).isEqualTo(at(34));
  }

  @Test
  void onceThisEpochsProbeTimeHasPassedTheNextIsOneEpochLater() {
    now.set(at(35));
    assertThat(StatusWiring.nextEpochProbeMillis(clock, now.get())).isEqualTo(at(34 + 384));
    now.set(at(34 + 384 * 3 + 1));
    assertThat(StatusWiring.nextEpochProbeMillis(clock, now.get())).isEqualTo(at(34 + 384 * 4));
  }

  @Test
  void neverFallsOnTheAttestationThirdOfASlot() {
    for (long t = 0; t < 384 * 3; t += 7) {
      now.set(at(t));
      final long probe = StatusWiring.nextEpochProbeMillis(clock, now.get());
      final long intoSlot = (probe - at(0)) % 12_000;
      assertThat(intoSlot).isEqualTo(10_000);
      assertThat(probe).isGreaterThanOrEqualTo(now.get());
    }
  }
}
