package io.dvc.app.testnet.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosScenarioTest {

  @Test
  void everyBuiltInScenarioLoadsAndFitsAFourNodeCluster() throws Exception {
    for (final String name : ChaosScenario.BUILT_IN) {
      final ChaosScenario scenario = ChaosScenario.load(name);
      assertThat(scenario.name()).isEqualTo(name);
      scenario.requireNodes(4);
    }
    final ChaosScenario lossy = ChaosScenario.load("lossy-node-and-restart");
    assertThat(lossy.lossy()).singleElement().satisfies(l -> assertThat(l.drop()).isEqualTo(0.3));
    assertThat(lossy.kills()).hasSize(1);
    assertThat(lossy.restarts()).hasSize(1);
    assertThat(ChaosScenario.load("equivocating-leader").hostile())
        .containsEntry(1, "equivocating-leader");
  }

  @Test
  void aPartitionCutsOnlyLinksBetweenGroupsAndOnlyInItsWindow() {
    final ChaosScenario.Partition p =
        new ChaosScenario.Partition(List.of(List.of(1, 2), List.of(3, 4)), 4, 8);
    assertThat(p.cuts(1, 3)).isTrue();
    assertThat(p.cuts(4, 2)).isTrue();
    assertThat(p.cuts(1, 2)).isFalse();
    assertThat(p.cuts(3, 4)).isFalse();
    assertThat(p.activeAt(3)).isFalse();
    assertThat(p.activeAt(4)).isTrue();
    assertThat(p.activeAt(8)).isFalse();
    assertThat(p.largestSide(4)).isEqualTo(2);
    assertThat(new ChaosScenario.Partition(List.of(List.of(1), List.of(2)), 0, 1).largestSide(4))
        .as("nodes 3 and 4, in no group, reach both sides")
        .isEqualTo(3);
  }

  @Test
  void badScenariosAreRefusedWithTheSourceAndFieldNamed() {
    assertThatThrownBy(() -> ChaosScenario.parse("s.json", "{\"faults\": {}}"))
        .hasMessage("s.json: $.faults: expected an array");
    assertThatThrownBy(
            () ->
                ChaosScenario.parse(
                    "s.json", "{\"faults\": [{\"type\": \"lossy\", \"node\": 1, \"drop\": 1.5}]}"))
        .hasMessage("s.json: $.faults[0].drop: must be in [0, 0.9]");
    assertThatThrownBy(
            () -> ChaosScenario.parse("s.json", "{\"faults\": [{\"type\": \"meteor\"}]}"))
        .hasMessageStartingWith("s.json: $.faults[0].type: 'meteor' is not");
    assertThatThrownBy(
            () ->
                ChaosScenario.parse(
                    "s.json",
                    "{\"faults\": [{\"type\": \"partition\", \"groups\": [[1],[2]],"
                        + " \"from_slot\": 5, \"to_slot\": 5}]}"))
        .hasMessage("s.json: $.faults[0].to_slot: must be after from_slot");
    assertThatThrownBy(
            () ->
                ChaosScenario.parse(
                    "s.json",
                    "{\"faults\": [{\"type\": \"partition\", \"groups\": [[1],[2],[3]],"
                        + " \"one_way\": true}]}"))
        .hasMessageStartingWith("s.json: $.faults[0].groups: a one-way partition has two groups");
    assertThatThrownBy(
            () ->
                ChaosScenario.parse(
                    "s.json",
                    "{\"faults\": [{\"type\": \"partition\", \"groups\": [[1],[2]],"
                        + " \"one_way\": \"yes\"}]}"))
        .hasMessage("s.json: $.faults[0].one_way: expected true or false");
    assertThatThrownBy(
            () ->
                ChaosScenario.parse(
                    "s.json",
                    "{\"faults\": [{\"type\": \"lossy\", \"node\": 1, \"bandwidth_kbps\": -8}]}"))
        .hasMessage("s.json: $.faults[0].bandwidth_kbps: expected a number >= 0");
    assertThatThrownBy(
            () ->
                ChaosScenario.parse(
                    "s.json",
                    "{\"faults\": [{\"type\": \"clock\", \"node\": 2, \"offset_ms\": 3600000}]}"))
        .hasMessage("s.json: $.faults[0].offset_ms: expected milliseconds within ±60000");
    assertThatThrownBy(() -> ChaosScenario.parse("s.json", "not json"))
        .hasMessageStartingWith("s.json: not JSON");
    assertThatThrownBy(
            () ->
                ChaosScenario.parse("s.json", "{\"faults\": [{\"type\": \"kill\", \"node\": 7}]}")
                    .requireNodes(4))
        .hasMessageContaining("node 7 does not exist");
    assertThatThrownBy(() -> ChaosScenario.load("no-such-scenario-or-file"))
        .hasMessageContaining("neither a built-in scenario");
  }
}
