package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SyncCommitteeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code POST /eth/v1/beacon/rewards/sync_committee/{block_id}}: the block of slot s + 1 rewards
 * the members whose messages of slot s took part, penalises the others (a dropped validator among
 * them), names only committee members, and an empty slot has no block.
 */
@Timeout(120)
class SyncCommitteeRewardsTest {
  private final SimFixture fx = new SimFixture(16, 16, Preset.MINIMAL, ForkName.ELECTRA);
  private final SyncClient sync = new SyncClient(fx);

  @AfterEach
  void close() {
    fx.close();
  }

  /** A slot s > 0 of period 0 whose successor holds the simulator's own block. */
  private long slotBeforeOwnBlock() {
    for (long s = 1; s < 15; s++) {
      if (!fx.sim.chain().isClusterSlot(s + 1)) {
        return s;
      }
    }
    throw new AssertionError("every slot of epochs 0-1 is the cluster's to propose");
  }

  private Map<Integer, Long> rewards(final long blockSlot) {
    final SimHttp.Response response =
        fx.http.post("/eth/v1/beacon/rewards/sync_committee/" + blockSlot, cluster(), Map.of());
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    final Map<Integer, Long> rewards = new HashMap<>();
    for (final JsonNode entry : response.body().get("data")) {
      rewards.put(entry.get("validator_index").asInt(), entry.get("reward").asLong());
    }
    return rewards;
  }

  private static String cluster() {
    final List<String> ids = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      ids.add("\"" + i + "\"");
    }
    return "[" + String.join(",", ids) + "]";
  }

  @Test
  void rewardsTheMembersWhoseMessagesTookPartAndPenalisesTheDroppedOne() {
    final long slot = slotBeforeOwnBlock();
    final TreeSet<Integer> members = sync.members(slot);
    assertThat(members).as("cluster members of the sync committee").hasSizeGreaterThan(1);
    final int dropped = members.first();
    final int silent = members.last();
    fx.sim.controls().dropSubmissionsOf(dropped);
    fx.atSlot(slot);
    final Bytes root = fx.sim.chain().blockRoot(slot);
    final List<SyncCommitteeMessage> messages = new ArrayList<>();
    members.headSet(silent, false).forEach(v -> messages.add(sync.message(slot, root, v)));
    final SimHttp.Response submitted = sync.submit(messages.toArray(SyncCommitteeMessage[]::new));
    assertThat(submitted.status()).as(submitted.raw()).isEqualTo(200);
    fx.atSlot(slot + 2);

    final Map<Integer, Long> rewards = rewards(slot + 1);
    assertThat(rewards.keySet()).containsExactlyInAnyOrderElementsOf(members);
    for (final int member : members) {
      if (member == dropped || member == silent) {
        assertThat(rewards.get(member)).as("validator %d", member).isNegative();
      } else {
        assertThat(rewards.get(member)).as("validator %d", member).isPositive();
      }
    }
    assertThat(fx.summary().at("/sync_committee/messages_dropped").asLong()).isEqualTo(1);
  }

  @Test
  void anEmptySlotHasNoBlockToReadRewardsFrom() {
    final long empty =
        java.util.stream.LongStream.range(1, 64)
            .filter(fx.sim.chain()::isClusterSlot)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no cluster proposal in epochs 0-7"));
    fx.atSlot(empty + 1);
    assertThat(
            fx.http
                .post("/eth/v1/beacon/rewards/sync_committee/" + empty, "[\"0\"]", Map.of())
                .status())
        .isEqualTo(404);
  }
}
