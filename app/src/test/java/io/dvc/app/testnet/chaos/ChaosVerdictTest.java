package io.dvc.app.testnet.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict from a beacon-sim summary of four validators attesting once per epoch. */
class ChaosVerdictTest {
  private static final ChaosScenario PARTITION =
      new ChaosScenario(
          "p",
          1,
          0.99,
          2,
          List.of(),
          List.of(new ChaosScenario.Partition(List.of(List.of(1, 2), List.of(3, 4)), 4, 8)),
          List.of(),
          List.of(),
          Map.of());

  /** Validators 0-3 attest in epoch 0 at slots 1, 5, 9, 13; in epoch 1 at 17, 21, 25, 29. */
  private static final Map<Long, Map<Long, Long>> DUTIES =
      Map.of(
          0L,
          Map.of(0L, 1L, 1L, 5L, 2L, 9L, 3L, 13L),
          1L,
          Map.of(0L, 17L, 1L, 21L, 2L, 25L, 3L, 29L));

  private static JsonNode summary(final String includedEpochs, final int invalid) throws Exception {
    return new ObjectMapper()
        .readTree(
            "{\"validators\": "
                + includedEpochs
                + ", \"attestations\": {\"invalid\": 0, \"invalid_signatures\": "
                + invalid
                + "}, \"slashable\": {\"count\": 0}, \"proposals\": {\"duties\": [], \"invalid\": 0,"
                + " \"slashable\": {\"count\": 0}}}");
  }

  @Test
  void dutiesMissedInsideThePartitionDoNotCountAndThoseAfterTheHealDo() throws Exception {
    // validator 1 (slot 5, inside the partition) missed epoch 0; everything else included
    final JsonNode summary =
        summary(
            "[{\"index\":0,\"included_epochs\":[0,1]},{\"index\":1,\"included_epochs\":[1]},"
                + "{\"index\":2,\"included_epochs\":[0,1]},{\"index\":3,\"included_epochs\":[0,1]}]",
            0);
    final ChaosVerdict verdict =
        ChaosVerdict.judge(PARTITION, 4, 3, DUTIES, summary, Map.of(), Map.of());
    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.duringPartition()).isEqualTo(1);
    assertThat(verdict.includedDuringPartition()).isZero();
    assertThat(verdict.counted()).as("slots 8 and 9 recover").isEqualTo(6);
    assertThat(verdict.partitionBelowThreshold()).isTrue();
  }

  @Test
  void aPartitionThatLeavesASideWithThresholdOperatorsMustCostNothing() throws Exception {
    // node 1 sends into a one-way void from slot 4 to 16; nodes 2-4 (t = 3) carry on
    final ChaosScenario oneWay =
        new ChaosScenario(
            "w",
            1,
            0.99,
            2,
            List.of(),
            List.of(
                new ChaosScenario.Partition(List.of(List.of(1), List.of(2, 3, 4)), 4, 16, true)),
            List.of(),
            List.of(),
            Map.of());
    // validator 2 (slot 9, inside the partition, outside its recovery slots) missed epoch 0
    final JsonNode summary =
        summary(
            "[{\"index\":0,\"included_epochs\":[0,1]},{\"index\":1,\"included_epochs\":[0,1]},"
                + "{\"index\":2,\"included_epochs\":[1]},{\"index\":3,\"included_epochs\":[0,1]}]",
            0);
    final ChaosVerdict verdict =
        ChaosVerdict.judge(oneWay, 4, 3, DUTIES, summary, Map.of(), Map.of());
    assertThat(verdict.duringPartition()).isZero();
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.failures()).singleElement().asString().contains("duties outside partitions");
  }

  @Test
  void aDutyIncludedWhileNoSideHadThresholdOperatorsFailsTheRun() throws Exception {
    final JsonNode summary =
        summary(
            "[{\"index\":0,\"included_epochs\":[0,1]},{\"index\":1,\"included_epochs\":[0,1]},"
                + "{\"index\":2,\"included_epochs\":[0,1]},{\"index\":3,\"included_epochs\":[0,1]}]",
            0);
    final ChaosVerdict verdict =
        ChaosVerdict.judge(PARTITION, 4, 3, DUTIES, summary, Map.of(), Map.of());
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.failures())
        .containsExactly("1 duties included while no side of the partition had t operators");
  }

  @Test
  void missedDutiesOutsideThePartitionAndInvalidSignaturesFailTheRun() throws Exception {
    final JsonNode summary =
        summary(
            "[{\"index\":0,\"included_epochs\":[0]},{\"index\":1,\"included_epochs\":[1]},"
                + "{\"index\":2,\"included_epochs\":[0,1]},{\"index\":3,\"included_epochs\":[0,1]}]",
            2);
    final ChaosVerdict verdict =
        ChaosVerdict.judge(PARTITION, 4, 3, DUTIES, summary, Map.of(), Map.of());
    assertThat(verdict.failures())
        .containsExactly(
            "2 invalid attestations, signatures or proposals",
            "attestation: 5 of 6 duties outside partitions succeeded, below 99.0 %");
  }

  @Test
  void everyDutyTypeIsJudgedOnItsOwnAndOnlyOutsideThePartition() throws Exception {
    final JsonNode summary =
        summary(
            "[{\"index\":0,\"included_epochs\":[0,1]},{\"index\":1,\"included_epochs\":[1]},"
                + "{\"index\":2,\"included_epochs\":[0,1]},{\"index\":3,\"included_epochs\":[0,1]}]",
            0);
    // 100 contributions of slot 20, one failed: 99 %; one failed in the partition (slot 5) and
    // one in its recovery slots (slot 9) do not count
    final List<ChaosVerdict.Duty> contributions = new java.util.ArrayList<>();
    for (int i = 0; i < 99; i++) {
      contributions.add(new ChaosVerdict.Duty(20, true));
    }
    contributions.add(new ChaosVerdict.Duty(20, false));
    contributions.add(new ChaosVerdict.Duty(5, false));
    contributions.add(new ChaosVerdict.Duty(9, false));
    // 8 sync messages, one failed at slot 24: 87.5 %
    final List<ChaosVerdict.Duty> syncMessages = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      syncMessages.add(new ChaosVerdict.Duty(24, true));
    }
    syncMessages.add(new ChaosVerdict.Duty(24, false));

    final ChaosVerdict verdict =
        ChaosVerdict.judge(
            PARTITION,
            4,
            3,
            DUTIES,
            summary,
            Map.of("sync_contribution", contributions, "sync_message", syncMessages),
            Map.of());

    assertThat(verdict.countedByType().get("sync_contribution"))
        .isEqualTo(new ChaosVerdict.Count(100, 99));
    assertThat(verdict.countedByType().get("attestation")).isEqualTo(new ChaosVerdict.Count(6, 6));
    assertThat(verdict.failures())
        .containsExactly("sync_message: 7 of 8 duties outside partitions succeeded, below 99.0 %");
  }

  @Test
  void aHostileOperatorMustBeNamedByAnHonestNodeNotOnlyByItself() throws Exception {
    final ChaosScenario hostile =
        new ChaosScenario(
            "h",
            1,
            1.0,
            2,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            Map.of(1, "wrong-partials"));
    final JsonNode summary =
        summary(
            "[{\"index\":0,\"included_epochs\":[0,1]},{\"index\":1,\"included_epochs\":[0,1]},"
                + "{\"index\":2,\"included_epochs\":[0,1]},{\"index\":3,\"included_epochs\":[0,1]}]",
            0);
    assertThat(
            ChaosVerdict.judge(hostile, 4, 3, DUTIES, summary, Map.of(), Map.of(1, Map.of(1, 5.0)))
                .failures())
        .containsExactly("no honest node named hostile operator 1");
    assertThat(
            ChaosVerdict.judge(
                    hostile,
                    4,
                    3,
                    DUTIES,
                    summary,
                    Map.of(),
                    Map.of(1, Map.of(), 3, Map.of(1, 2.0)))
                .passed())
        .isTrue();
  }

  @Test
  void peerFaultsAreSummedPerOperatorFromThePrometheusPage() {
    final String page =
        "# HELP dvc_peer_faults_total Misbehaviour\n"
            + "# TYPE dvc_peer_faults_total counter\n"
            + "dvc_peer_faults_total{kind=\"bad_partial_signature\",operator=\"1\"} 3.0\n"
            + "dvc_peer_faults_total{kind=\"failed_leader_round\",operator=\"1\"} 2.0\n"
            + "dvc_peer_faults_total{kind=\"failed_leader_round\",operator=\"4\"} 1.0\n"
            + "dvc_peers_connected 3.0\n";
    assertThat(ChaosVerdict.peerFaults(page)).isEqualTo(Map.of(1, 5.0, 4, 1.0));
  }
}
