package io.dvc.app.testnet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeTrafficTest {
  @Test
  void sumsEveryPeersSamplesByDirectionAndIgnoresOtherMetrics() {
    final String text =
        """
        # HELP dvc_p2p_bytes_total Bytes on the wire
        # TYPE dvc_p2p_bytes_total counter
        dvc_p2p_bytes_total{direction="received",peer="2"} 1000.0
        dvc_p2p_bytes_total{direction="sent",peer="2"} 2.5E3
        dvc_p2p_bytes_total{direction="sent",peer="3"} 500
        dvc_p2p_bytes_total{direction="received",peer="3"} 10
        dvc_duties_total{type="attester",outcome="success",reason=""} 99.0
        """;
    final NodeTraffic.Totals totals = NodeTraffic.parse(text);
    assertThat(totals.sent()).isEqualTo(3000.0);
    assertThat(totals.received()).isEqualTo(1010.0);
  }

  @Test
  void aNodeWithoutTheCounterIsUnknownRatherThanZero() {
    assertThat(NodeTraffic.parse("dvc_duties_total 1\n").sent()).isNaN();
  }
}
