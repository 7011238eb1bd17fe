package io.dvc.app.testnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DutyLedgerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode outcomes(final String json) throws Exception {
    return JSON.readTree(json);
  }

  @Test
  void theSlowestDutiesAreNamedByTheirFastestNodesLatencySlowestFirst() throws Exception {
    final DutyLedger ledger = new DutyLedger("proposer");
    ledger.addOutcomes(
        1,
        outcomes(
            "[{\"type\":\"proposer\",\"slot\":3,\"validator_index\":7,\"success\":true,\"latency_ms\":900},"
                + "{\"type\":\"proposer\",\"slot\":4,\"validator_index\":8,\"success\":true,\"latency_ms\":120},"
                + "{\"type\":\"proposer\",\"slot\":5,\"validator_index\":9,\"success\":false,\"reason\":\"no_consensus\"},"
                + "{\"type\":\"attester\",\"slot\":6,\"validator_index\":1,\"success\":true,\"latency_ms\":5000}]"));
    ledger.addOutcomes(
        2,
        outcomes(
            "[{\"type\":\"proposer\",\"slot\":3,\"validator_index\":7,\"success\":true,\"latency_ms\":400},"
                + "{\"type\":\"proposer\",\"slot\":9,\"validator_index\":2,\"success\":true,\"latency_ms\":250}]"));

    assertThat(ledger.slowest(2))
        .containsExactly(new DutyLedger.Timed(3, 7, 400), new DutyLedger.Timed(9, 2, 250));
    assertThat(ledger.slowest(10)).hasSize(3);
  }
}
