package io.dvc.app.lodestar;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.app.lodestar.ChainInclusion.SyncTally;
import io.dvc.app.lodestar.ChainProbe.Finality;
import io.dvc.app.lodestar.LodestarFindings.ExitResult;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LodestarFindingsTest {
  private static final List<Integer> CLUSTER = List.of(4, 5);
  private static final Map<Long, Map<Integer, Integer>> REGISTERED =
      Map.of(2L, Map.of(4, 4, 5, 3), 3L, Map.of(4, 4, 5, 4));
  private static final ExitResult EXIT_IN_POOL =
      new ExitResult(5, 17, List.of(), OptionalLong.of(19), OptionalLong.empty());

  private static LodestarFindings findings(
      final long finalized,
      final Map<Long, List<Integer>> notIncluded,
      final Map<Integer, SyncTally> sync,
      final Map<Long, Map<Integer, Integer>> registered,
      final ExitResult exit) {
    return new LodestarFindings(
        CLUSTER,
        2,
        3,
        Map.of(2L, new Finality(2, 0), 3L, new Finality(3, finalized)),
        notIncluded,
        sync,
        26,
        registered,
        Map.of(),
        Map.of(),
        exit);
  }

  private static final Map<Long, List<Integer>> ALL_IN = Map.of(2L, List.of(), 3L, List.of());
  private static final Map<Integer, SyncTally> SYNCED =
      Map.of(4, new SyncTally(104, 100), 5, new SyncTally(104, 84), 0, new SyncTally(104, 10));

  @Test
  void passesWhenEveryCheckHolds() {
    assertThat(findings(2, ALL_IN, SYNCED, REGISTERED, EXIT_IN_POOL).passed()).isTrue();
    // an exit a block already took out of the pool is accepted too
    assertThat(
            findings(
                    2,
                    ALL_IN,
                    SYNCED,
                    REGISTERED,
                    new ExitResult(5, 17, List.of(), OptionalLong.empty(), OptionalLong.of(7)))
                .passed())
        .isTrue();
  }

  @Test
  void failsOnEachMissingPiece() {
    assertThat(findings(1, ALL_IN, SYNCED, REGISTERED, EXIT_IN_POOL).finalityAdvanced()).isFalse();
    assertThat(
            findings(2, Map.of(2L, List.of(), 3L, List.of(5)), SYNCED, REGISTERED, EXIT_IN_POOL)
                .passed())
        .isFalse();
    // the committees of epoch 3 were never read: not judged, so not passed
    assertThat(findings(2, Map.of(2L, List.of()), SYNCED, REGISTERED, EXIT_IN_POOL).passed())
        .isFalse();
    final LodestarFindings lowSync =
        findings(
            2,
            ALL_IN,
            Map.of(4, new SyncTally(104, 100), 5, new SyncTally(104, 83)),
            REGISTERED,
            EXIT_IN_POOL);
    assertThat(lowSync.syncBelowMinimum()).containsExactly(5);
    assertThat(lowSync.passed()).isFalse();
    assertThat(
            findings(2, ALL_IN, Map.of(0, new SyncTally(8, 8)), REGISTERED, EXIT_IN_POOL)
                .syncBitsSet())
        .as("no cluster validator in the sync committee: nothing shown")
        .isFalse();
    final LodestarFindings unregistered =
        findings(2, ALL_IN, SYNCED, Map.of(2L, Map.of(4, 4, 5, 3), 3L, Map.of(4, 4)), EXIT_IN_POOL);
    assertThat(unregistered.registrationsMissing()).containsEntry(3L, List.of(5));
    assertThat(unregistered.passed()).isFalse();
    assertThat(
            findings(
                    2,
                    ALL_IN,
                    SYNCED,
                    REGISTERED,
                    new ExitResult(
                        5, 17, List.of("refused"), OptionalLong.empty(), OptionalLong.empty()))
                .passed())
        .isFalse();
  }
}
