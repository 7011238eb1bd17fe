package io.dvc.app.testnet.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
          List.of(new ChaosScenario.Lossy(4, 0.3, 200, 0, 2, 6)),
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
              "slot 10: partition [[1, 2], [3, 4]] healed (links reopen in a shuffled order over"
                  + " 1500 ms)");
      // the links reopen one by one, each after its own seeded delay
      final java.util.Set<Long> delays = new java.util.HashSet<>();
      for (final int[] link : new int[][] {{1, 3}, {1, 4}, {2, 3}, {2, 4}, {3, 1}, {4, 2}}) {
        final long delay = network.healDelayMillis(link[0], link[1], 10);
        assertThat(delay).isBetween(0L, ChaosNetwork.HEAL_SPREAD_MILLIS);
        delays.add(delay);
      }
      assertThat(delays).hasSizeGreaterThan(3);
      final long deadline = System.nanoTime() + 10_000_000_000L;
      while (network.linkFaults(1, 3).cut() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(network.linkFaults(1, 3).cut()).as("healed within the spread").isFalse();
    }
  }

  @Test
  void aOneWayPartitionHoldsOnlyWhatTheFirstGroupSendsAndABandwidthCapTakesTheLowerCap()
      throws Exception {
    final ChaosScenario scenario =
        ChaosScenario.parse(
            "s.json",
            "{\"faults\": ["
                + "{\"type\": \"partition\", \"groups\": [[1], [2, 3]], \"one_way\": true,"
                + " \"from_slot\": 4, \"to_slot\": 8},"
                + "{\"type\": \"lossy\", \"node\": 2, \"bandwidth_kbps\": 800},"
                + "{\"type\": \"lossy\", \"node\": 3, \"bandwidth_kbps\": 400}]}");
    try (ChaosNetwork network =
        new ChaosNetwork(scenario, List.of(1, 2, 3, 4), new LoopbackPorts())) {
      // link (1, 2) is dialed by 1: its dialer's bytes go 1 -> 2 and are held
      assertThat(network.faultsAt(1, 2, 4).holdDialerBytes()).isTrue();
      assertThat(network.faultsAt(1, 2, 4).holdListenerBytes()).isFalse();
      // link (2, 1) is dialed by 2: what 1 answers on it is held, what 2 sends is not
      assertThat(network.faultsAt(2, 1, 4).holdListenerBytes()).isTrue();
      assertThat(network.faultsAt(2, 1, 4).holdDialerBytes()).isFalse();
      assertThat(network.faultsAt(1, 2, 4).cut()).as("nothing is cut").isFalse();
      assertThat(network.faultsAt(1, 4, 4)).as("node 4 is in no group").isEqualTo(LinkFaults.NONE);
      assertThat(network.faultsAt(1, 2, 8).holdDialerBytes()).as("healed").isFalse();
      assertThat(network.faultsAt(2, 4, 0).bytesPerSecond()).isEqualTo(100_000);
      assertThat(network.faultsAt(2, 3, 0).bytesPerSecond()).as("the lower cap").isEqualTo(50_000);

      final List<String> events = new ArrayList<>();
      for (long slot = 0; slot < 9; slot++) {
        network.onSlot(slot, events::add);
      }
      assertThat(events)
          .contains(
              "slot 0: node 2 lossy (drop 0 %, jitter 0-0 ms, at most 800 kbit/s each way) on all"
                  + " its links",
              "slot 4: one-way partition: [1] to [2, 3]", "slot 8: partition [[1], [2, 3]] healed");
    }
  }

  @Test
  void aNodeWithAClockOffsetIsStartedWithIt() throws Exception {
    final ChaosScenario scenario =
        ChaosScenario.parse(
            "s.json", "{\"faults\": [{\"type\": \"clock\", \"node\": 3, \"offset_ms\": -900}]}");
    try (ChaosNetwork network =
        new ChaosNetwork(scenario, List.of(1, 2, 3, 4), new LoopbackPorts())) {
      assertThat(network.nodeArguments(3)).containsSequence("--test-clock-offset-ms", "-900");
      assertThat(network.nodeArguments(2)).doesNotContain("--test-clock-offset-ms");
      assertThat(network.toJson(0, 12_000).path("faults_injected").toString())
          .contains("node 3 clock -900 ms");
    }
  }

  @Test
  void onlyANodeWithBeaconFaultsIsGivenAProxyAndItsFaultFollowsTheSlots() throws Exception {
    final ChaosScenario scenario = ChaosScenario.load("faulty-beacon-nodes");
    try (ChaosNetwork network =
        new ChaosNetwork(scenario, List.of(1, 2, 3, 4), new LoopbackPorts())) {
      final String direct = "http://127.0.0.1:9";
      assertThat(network.beaconUrl(2, direct)).isNotEqualTo(direct).startsWith("http://127.0.0.1:");
      assertThat(network.beaconUrl(2, direct))
          .as("one proxy per node")
          .isEqualTo(network.beaconUrl(2, direct));
      assertThat(network.beaconFaultAt(2, 1)).isEqualTo(BeaconFault.NONE);
      assertThat(network.beaconFaultAt(2, 2))
          .isEqualTo(new BeaconFault(BeaconFault.Kind.SLOW, 1500));
      assertThat(network.beaconFaultAt(3, 7).kind()).isEqualTo(BeaconFault.Kind.ERROR);
      assertThat(network.beaconFaultAt(3, 8)).isEqualTo(BeaconFault.NONE);

      final List<String> events = new ArrayList<>();
      for (long slot = 0; slot < 8; slot++) {
        network.onSlot(slot, events::add);
      }
      assertThat(events)
          .containsExactly(
              "slot 2: node 2 beacon node slow (1500 ms)",
              "slot 5: node 2 beacon node healthy again");
    }
    assertThatThrownBy(
            () ->
                ChaosScenario.parse(
                    "s.json",
                    "{\"faults\": [{\"type\": \"beacon\", \"node\": 2, \"fault\": \"melt\"}]}"))
        .hasMessageStartingWith("s.json: $.faults[0].fault: 'melt' is not slow, error");
    assertThatThrownBy(
            () ->
                ChaosScenario.parse(
                    "s.json",
                    "{\"faults\": [{\"type\": \"beacon\", \"node\": 2, \"fault\": \"slow\"}]}"))
        .hasMessage("s.json: $.faults[0].delay_ms: a slow beacon node needs 1 to 60000 ms");
  }

  @Test
  void eachNodeDialsEveryPeerThroughItsOwnProxyAndAHostileNodeGetsItsFault() throws Exception {
    try (ChaosNetwork network =
        new ChaosNetwork(SCENARIO, List.of(1, 2, 3, 4), new LoopbackPorts())) {
      final List<String> first = network.nodeArguments(1);
      final List<String> second = network.nodeArguments(2);
      assertThat(first.stream().filter("--p2p-peer-address"::equals)).hasSize(3);
      assertThat(first).containsSequence("--test-fault", "wrong-partials");
      assertThat(second).doesNotContain("--test-fault").doesNotContain("--test-clock-offset-ms");
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
