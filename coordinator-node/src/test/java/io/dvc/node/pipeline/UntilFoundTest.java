package io.dvc.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.common.time.TimeProvider;
import io.dvc.node.beacon.BeaconApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UntilFoundTest {
  private long now = 1_000;
  private final List<long[]> due = new ArrayList<>();
  private final List<Runnable> tasks = new ArrayList<>();
  private final NodeEnvironment.Timers timers =
      (at, task) -> {
        due.add(new long[] {at});
        tasks.add(task);
      };
  private final TimeProvider time = () -> now;

  private void runTimers() {
    while (!tasks.isEmpty()) {
      now = Math.max(now, due.remove(0)[0]);
      tasks.remove(0).run();
    }
  }

  private static CompletableFuture<String> failing(final int status) {
    return CompletableFuture.failedFuture(
        new BeaconApiException("every node: HTTP " + status, status));
  }

  @Test
  void asksAgainWhileEveryNodeAnswersNotFound() {
    final AtomicInteger calls = new AtomicInteger();
    final CompletableFuture<String> result =
        UntilFound.call(
            () ->
                calls.incrementAndGet() < 3
                    ? failing(404)
                    : CompletableFuture.completedFuture("ok"),
            timers,
            time,
            100,
            2_000);
    runTimers();
    assertThat(result).isCompletedWithValue("ok");
    assertThat(calls).hasValue(3);
    assertThat(now).isEqualTo(1_200);
  }

  @Test
  void givesUpWithTheLastNotFoundAtTheGivenTime() {
    final AtomicInteger calls = new AtomicInteger();
    final CompletableFuture<String> result =
        UntilFound.call(
            () -> {
              calls.incrementAndGet();
              return failing(404);
            },
            timers,
            time,
            100,
            1_450);
    runTimers();
    assertThat(result).isCompletedExceptionally();
    assertThat(calls).hasValue(5); // at 1000, 1100, 1200, 1300 and 1400; 1500 is past 1450
  }

  @Test
  void otherFailuresAreNotRetried() {
    final AtomicInteger calls = new AtomicInteger();
    final CompletableFuture<String> result =
        UntilFound.call(
            () -> {
              calls.incrementAndGet();
              return failing(500);
            },
            timers,
            time,
            100,
            2_000);
    runTimers();
    assertThat(result).isCompletedExceptionally();
    assertThat(calls).hasValue(1);
  }
}
