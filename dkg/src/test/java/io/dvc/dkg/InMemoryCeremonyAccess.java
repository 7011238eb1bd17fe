package io.dvc.dkg;

import java.util.Map;

/** Lets the benchmark (another package) run an {@link InMemoryCeremony}. */
public final class InMemoryCeremonyAccess {
  private InMemoryCeremonyAccess() {}

  /** Outcomes, CPU nanoseconds and bytes sent per operator, and the number of messages. */
  public record Run(
      Map<Integer, DkgOutcome> outcomes,
      Map<Integer, Long> cpuNanos,
      Map<Integer, Long> bytesBySender,
      long messages) {}

  public static Run run(final int n, final int t, final int validators) {
    final InMemoryCeremony c = new InMemoryCeremony(n, t, validators);
    final Map<Integer, DkgOutcome> outcomes = c.run();
    return new Run(outcomes, Map.copyOf(c.cpuNanos), Map.copyOf(c.bytesBySender), c.messagesSent);
  }
}
