package io.dvc.app.testnet.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.common.net.LoopbackPorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which link suffers what, and how nodes are routed through their proxies (no traffic). */
class ChaosNetworkTest {
  private static final ChaosScenario SCENARIO =
      new ChaosScenario(
          "t",
          3,
          0.99,
          2,
          List.of(new ChaosScenario.Lossy(4, 0.3, 200, 2, 6)),
          List.of(new ChaosScenario.Partition(List.of(List.of(1, 2), List.of(3, 4)), 8, 10)),
          List.of(),
          List.of(),
          Map.of(1, "wrong-partials"));

  @Test
  void aLossyNodesLinksSufferBothWaysOnlyInItsWindowAndAPartitionCutsOnlyAcrossGroups()
      throws Exception {
    try (ChaosNetwork network =
        new ChaosNetwork(SCENARIO, List.of(1, 2, 3, 4), new LoopbackPorts())) {
      assertThat(network.faultsAt(1, 4, 1)).isEqualTo(LinkFaults.NONE);
      assertThat(network.faultsAt(1, 4, 2)).isEqualTo(new LinkFaults(0.3, 200, false));
      assertThat(network.faultsAt(4, 3, 5)).isEqualTo(new LinkFaults(0.3, 200, false));
      assertThat(network.faultsAt(1, 2, 5)).isEqualTo(LinkFaults.NONE);
      assertThat(network.faultsAt(4, 1, 6)).isEqualTo(LinkFaults.NONE);
      assertThat(network.faultsAt(1, 3, 8).cut()).isTrue();
      assertThat(network.faultsAt(4, 2, 9).cut()).isTrue();
      assertThat(network.faultsAt(1, 2, 8).cut()).isFalse();
      assertThat(network.faultsAt(3, 4, 9).cut()).isFalse();
      assertThat(network.faultsAt(1, 3, 10).cut()).isFalse();

      final List<String> events = new ArrayList<>();
      for (long slot = 0; slot < 12; slot++) {
        network.onSlot(slot, events::add);
      }
      assertThat(events)
          .containsExactly(
              "slot 2: node 4 lossy (drop 30 %, jitter 0-200 ms) on all its links",
              "slot 6: node 4 links clean again",
              "slot 8: partition [[1, 2], [3, 4]]",
              "slot 10: partition [[1, 2], [3, 4]] healed");
    }
  }

  @Test
  void eachNodeDialsEveryPeerThroughItsOwnProxyAndAHostileNodeGetsItsFault() throws Exception {
    try (ChaosNetwork network =
        new ChaosNetwork(SCENARIO, List.of(1, 2, 3, 4), new LoopbackPorts())) {
      final List<String> first = network.nodeArguments(1);
      final List<String> second = network.nodeArguments(2);
      assertThat(first.stream().filter("--p2p-peer-address"::equals)).hasSize(3);
      assertThat(first).containsSequence("--test-fault", "wrong-partials");
      assertThat(second).doesNotContain("--test-fault");
      assertThat(first.stream().filter(a -> a.startsWith("2=/ip4/127.0.0.1/tcp/"))).hasSize(1);
      assertThat(second.stream().filter(a -> a.startsWith("1=/ip4/127.0.0.1/tcp/"))).hasSize(1);
      final String oneToTwo = first.stream().filter(a -> a.startsWith("2=")).findFirst().get();
      final String twoToOne = second.stream().filter(a -> a.startsWith("1=")).findFirst().get();
      assertThat(oneToTwo.substring(2))
          .as("one proxy per direction")
          .isNotEqualTo(twoToOne.substring(2));
    }
  }
}
