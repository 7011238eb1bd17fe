package io.dvc.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.common.time.FakeTimeProvider;
import io.dvc.common.time.SlotClock;
import org.junit.jupiter.api.Test;

class SlotClockTest {
  @Test
  void slotAndEpochFollowTheFakeClock() {
    final FakeTimeProvider time = new FakeTimeProvider(1_000_000);
    final SlotClock clock = new SlotClock(1_000, 12, 32, time);
    assertThat(clock.currentSlot()).isZero();
    time.advanceMillis(12_000L * 33 + 5);
    assertThat(clock.currentSlot()).isEqualTo(33);
    assertThat(clock.currentEpoch()).isEqualTo(1);
    assertThat(clock.millisUntil(34, 1, 3)).isEqualTo(12_000 - 5 + 4_000);
  }
}
