package io.dvc.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.beaconsim.SimSummary;
import io.dvc.node.duty.Duty;
import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.testing.TestCluster;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Assertions over an in-process cluster's duty outcomes and the beacon-sim summary. */
final class ClusterAssertions {
  private ClusterAssertions() {}

  /** Each operator ended each duty exactly once, and nothing else of these slots. */
  static void assertExactlyOneOutcomeEach(
      final Map<Integer, List<DutyOutcome>> outcomes, final Collection<Duty> expected) {
    assertThat(expected).as("the tested slots have cluster duties").isNotEmpty();
    outcomes.forEach(
        (operator, list) -> {
          final Map<Duty, Long> counts =
              list.stream()
                  .collect(Collectors.groupingBy(DutyOutcome::duty, Collectors.counting()));
          assertThat(counts.keySet())
              .as("duties ended by operator %d", operator)
              .containsExactlyInAnyOrderElementsOf(Set.copyOf(expected));
          assertThat(counts.values())
              .as("outcomes per duty at operator %d", operator)
              .allMatch(n -> n == 1);
        });
  }

  static void assertAllSucceeded(
      final Map<Integer, List<DutyOutcome>> outcomes, final Collection<Duty> expected) {
    assertExactlyOneOutcomeEach(outcomes, expected);
    outcomes.forEach(
        (operator, list) ->
            assertThat(list)
                .as("failed duties at operator %d", operator)
                .filteredOn(o -> !o.succeeded())
                .isEmpty());
  }

  static void assertAllFailedWith(
      final Map<Integer, List<DutyOutcome>> outcomes,
      final Collection<Duty> expected,
      final Set<FailureReason> allowed) {
    assertExactlyOneOutcomeEach(outcomes, expected);
    outcomes.forEach(
        (operator, list) ->
            assertThat(list)
                .as("outcomes at operator %d", operator)
                .allSatisfy(o -> assertThat(o.failure()).isPresent().get().isIn(allowed)));
  }

  /** Nothing invalid and nothing slashable reached the beacon node. */
  static void assertSimClean(final TestCluster cluster) {
    final SimSummary summary = cluster.sim().summary();
    assertThat(summary.invalidSignatures()).as("invalid signatures at beacon-sim").isZero();
    assertThat(summary.attestationsInvalid()).as("invalid attestations at beacon-sim").isZero();
    assertThat(summary.slashable()).as("slashable pairs at beacon-sim").isEmpty();
  }

  /** The beacon node includes each duty's validator for the duty's epoch. */
  static void assertIncluded(final TestCluster cluster, final Collection<Duty> duties) {
    final Map<Integer, SimSummary.ValidatorInclusion> byIndex = inclusionByIndex(cluster);
    for (final Duty duty : duties) {
      assertThat(byIndex.get((int) duty.validatorIndex()).includedEpochs())
          .as("epochs in which validator %d is included", duty.validatorIndex())
          .contains(cluster.clock().epochOf(duty.slot()));
    }
  }

  static void assertNotIncluded(final TestCluster cluster, final Collection<Duty> duties) {
    final Map<Integer, SimSummary.ValidatorInclusion> byIndex = inclusionByIndex(cluster);
    for (final Duty duty : duties) {
      assertThat(byIndex.get((int) duty.validatorIndex()).includedEpochs())
          .as("epochs in which validator %d is included", duty.validatorIndex())
          .doesNotContain(cluster.clock().epochOf(duty.slot()));
    }
  }

  private static Map<Integer, SimSummary.ValidatorInclusion> inclusionByIndex(
      final TestCluster cluster) {
    return cluster.sim().summary().validators().stream()
        .collect(Collectors.toMap(SimSummary.ValidatorInclusion::index, Function.identity()));
  }
}
