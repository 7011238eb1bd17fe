package io.dvc.p2p.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogRateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final LogRateLimiter limiter = new LogRateLimiter(3, 1_000, now::get);

  @Test
  void allowsABurstPerIntervalThenCountsWhatItHoldsBack() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire()).hasValue(0);
    }
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.tryAcquire()).isEmpty();
    }
    now.addAndGet(999);
    assertThat(limiter.tryAcquire()).isEmpty();
    now.addAndGet(1);
    assertThat(limiter.tryAcquire()).isEqualTo(OptionalLong.of(1001));
    assertThat(limiter.tryAcquire()).hasValue(0);
  }

  @Test
  void suffixMentionsOnlyAPositiveCount() {
    assertThat(LogRateLimiter.suffix(0)).isEmpty();
    assertThat(LogRateLimiter.suffix(5)).isEqualTo(" (5 similar lines suppressed)");
  }
}
