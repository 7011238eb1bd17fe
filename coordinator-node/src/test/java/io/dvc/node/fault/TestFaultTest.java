package io.dvc.node.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.config.Network;
import org.junit.jupiter.api.Test;

class TestFaultTest {

  @Test
  void aTestFaultIsRefusedForEveryPublicNetworkAndAllowedForACustomOne() {
    for (final Network network : Network.KNOWN) {
      assertThat(TestFault.refuseOnPublicNetwork(network.genesisForkVersion().toArray()))
          .as(network.name())
          .hasValueSatisfying(reason -> assertThat(reason).contains(network.name(), "refusing"));
    }
    assertThat(TestFault.refuseOnPublicNetwork(new byte[] {0x10, (byte) 0xdc, 0, 1})).isEmpty();
  }

  @Test
  void labelsParseAndAnUnknownOneIsNamedInTheError() {
    assertThat(TestFault.parse("equivocating-leader")).isEqualTo(TestFault.EQUIVOCATING_LEADER);
    assertThat(TestFault.parse("wrong-partials")).isEqualTo(TestFault.WRONG_PARTIALS);
    assertThatThrownBy(() -> TestFault.parse("meteor"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'meteor'");
  }
}
