package io.dvc.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs seeded adversarial scenarios (n in {1, 4, 7, 10, 13}) and checks agreement, validity and
 * termination in each. Replay one seed with its full trace:
 *
 * <pre>mvn -B -q -o -pl consensus test -Dtest=QbftSimulationTest -Dqbft.seed=SEED</pre>
 *
 * <p>{@code -Dqbft.scenarios=N} and {@code -Dqbft.seedBase=B} explore other seed ranges.
 */
class QbftSimulationTest {
  private static final int TRACE_LINES = 400;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void seededScenariosKeepAgreementValidityAndTermination() {
    final String single = System.getProperty("qbft.seed");
    if (single != null && !single.isBlank()) {
      final Simulation.Result result = Simulation.run(Long.parseLong(single.trim()), true);
      System.out.println(result.scenario());
      result.trace().forEach(System.out::println);
      System.out.println(result.ok() ? "OK" : "VIOLATION: " + result.violation());
      assertThat(result.violation()).as("seed " + single).isNull();
      return;
    }
    final int count = Integer.getInteger("qbft.scenarios", 10_000);
    final long base = Long.getLong("qbft.seedBase", 0L);
    final List<Simulation.Result> failures = new ArrayList<>();
    final int[] perSize = new int[14];
    long messages = 0;
    final long began = System.nanoTime();
    for (long seed = base; seed < base + count; seed++) {
      final Simulation.Result result = Simulation.run(seed, false);
      perSize[result.scenario().n()]++;
      messages += result.messages();
      if (!result.ok()) {
        failures.add(result);
      }
    }
    final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    System.out.printf(
        "%d scenarios (n=1:%d n=4:%d n=7:%d n=10:%d n=13:%d), %d messages, %d failures, %d ms%n",
        count,
        perSize[1],
        perSize[4],
        perSize[7],
        perSize[10],
        perSize[13],
        messages,
        failures.size(),
        millis);
    if (!failures.isEmpty()) {
      final Simulation.Result first = failures.get(0);
      final Simulation.Result traced = Simulation.run(first.scenario().seed(), true);
      final List<String> trace = traced.trace();
      System.out.println(traced.scenario());
      trace
          .subList(Math.max(0, trace.size() - TRACE_LINES), trace.size())
          .forEach(System.out::println);
      final StringBuilder summary = new StringBuilder();
      for (Simulation.Result f : failures.subList(0, Math.min(20, failures.size()))) {
        summary.append("\n  seed ").append(f.scenario().seed()).append(": ").append(f.violation());
      }
      throw new AssertionError(
          failures.size()
              + " of "
              + count
              + " scenarios failed; replay with -Dqbft.seed="
              + first.scenario().seed()
              + " (mvn -B -q -o -pl consensus test -Dtest=QbftSimulationTest -Dqbft.seed="
              + first.scenario().seed()
              + ")"
              + summary);
    }
    assertThat(count).isGreaterThan(0);
  }
}
