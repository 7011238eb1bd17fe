package io.dvc.common.time;

import java.util.concurrent.atomic.AtomicLong;

/** A settable clock for deterministic tests. */
public final class FakeTimeProvider implements TimeProvider {
  private final AtomicLong nowMillis;

  public FakeTimeProvider(final long startMillis) {
    this.nowMillis = new AtomicLong(startMillis);
  }

  @Override
  public long currentTimeMillis() {
    return nowMillis.get();
  }

  public void advanceMillis(final long millis) {
    nowMillis.addAndGet(millis);
  }

  public void setMillis(final long millis) {
    nowMillis.set(millis);
  }
}
