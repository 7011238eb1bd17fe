package io.dvc.app.testnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The report's per-type sections: expected from the simulator and the nodes, done per the sim. */
class DutySectionTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(final String text) throws Exception {
    return MAPPER.readTree(text.replace('\'', '"'));
  }

  @Test
  void aggregationCountsTheSimulatorsDutiesAndSelectedDutiesOnlyANodeReported() throws Exception {
    final JsonNode summary =
        json(
            "{'aggregation': {'invalid_signatures': 0, 'duties': ["
                + "{'slot': 1, 'validator_index': 3, 'aggregated': true},"
                + "{'slot': 2, 'validator_index': 4, 'aggregated': false},"
                + "{'slot': 9, 'validator_index': 5, 'aggregated': false}]}}");
    final DutyLedger ledger = new DutyLedger("aggregator");
    ledger.addOutcomes(
        1,
        json(
            "[{'type': 'aggregator', 'slot': 1, 'validator_index': 3, 'success': true,"
                + " 'latency_ms': 40},"
                + "{'type': 'aggregator', 'slot': 2, 'validator_index': 4, 'success': false,"
                + " 'reason': 'missing_operators'},"
                + "{'type': 'aggregator', 'slot': 3, 'validator_index': 6, 'success': true,"
                + " 'latency_ms': 50},"
                + "{'type': 'aggregator', 'slot': 3, 'validator_index': 7, 'success': false,"
                + " 'reason': 'not_selected'}]"));
    final DutySection section = DutySection.aggregation(summary, ledger, 8);
    assertThat(section.expected()).isEqualTo(3); // slot 9 is after the run; 7 was not selected
    assertThat(section.succeeded()).isEqualTo(1);
    assertThat(section.failedByReason())
        .containsExactlyInAnyOrderEntriesOf(Map.of("missing_operators", 1L, "not_included", 1L));
    assertThat(section.p99()).isEqualTo(50);
    assertThat(section.passed()).isFalse();
  }

  @Test
  void syncMessagesAreDoneUnlessTheSimulatorListsThemMissing() throws Exception {
    final JsonNode summary =
        json(
            "{'sync_committee': {'messages': {'invalid_signatures': 0}, 'slots': ["
                + "{'slot': 0, 'cluster_members': 2, 'cluster_missing': []},"
                + "{'slot': 1, 'cluster_members': 2, 'cluster_missing': [2]},"
                + "{'slot': 2, 'cluster_members': 3, 'cluster_missing': []}]}}");
    final DutySection section =
        DutySection.syncMessages(
            summary,
            new DutyLedger("sync_message"),
            Map.of(0L, Set.of(1L, 2L), 1L, Set.of(1L, 2L), 2L, Set.of(1L, 2L), 3L, Set.of(1L)),
            3);
    assertThat(section.expected()).isEqualTo(7);
    assertThat(section.succeeded()).isEqualTo(3);
    assertThat(section.failedByReason())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("no_report", 1L, "sim_duty_mismatch", 2L, "no_sim_record", 1L));
  }

  @Test
  void aValidatorAggregatingTwoSubcommitteesHasTwoContributionDuties() throws Exception {
    final JsonNode summary =
        json(
            "{'sync_committee': {'contributions': {'invalid_signatures': 0},"
                + " 'contribution_duties': ["
                + "{'slot': 1, 'validator_index': 3, 'subcommittee_index': 0, 'contributed': true,"
                + " 'in_time': true},"
                + "{'slot': 1, 'validator_index': 3, 'subcommittee_index': 2, 'contributed': false,"
                + " 'in_time': false},"
                + "{'slot': 1, 'validator_index': 4, 'subcommittee_index': 1, 'contributed': true,"
                + " 'in_time': false}]}}");
    final DutySection section =
        DutySection.syncContributions(summary, new DutyLedger("sync_contribution"), 5);
    assertThat(section.expected()).isEqualTo(3);
    assertThat(section.succeeded()).isEqualTo(1);
    assertThat(section.failedByReason())
        .containsExactlyInAnyOrderEntriesOf(Map.of("no_report", 2L));
  }
}
