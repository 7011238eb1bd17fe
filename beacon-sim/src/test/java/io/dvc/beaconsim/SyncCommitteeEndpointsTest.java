package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.BeaconBlockBodyElectra;
import io.dvc.spec.types.SyncAggregate;
import io.dvc.spec.types.SyncCommitteeContribution;
import io.dvc.spec.types.SyncCommitteeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sync committee duties, messages, contributions and the sync aggregate of produced blocks, over
 * HTTP, on the minimal preset (32 positions, 8 per subcommittee, every member an aggregator) with
 * the cluster holding every validator, so every block is the cluster's to produce.
 */
@Timeout(120)
class SyncCommitteeEndpointsTest {

  @Test
  void dutiesNameThePositionsOfTheCurrentAndNextPeriodOnly() {
    try (SimFixture fx = new SimFixture(16, 0, Preset.MINIMAL, ForkName.ELECTRA)) {
      final SyncClient client = new SyncClient(fx);
      final Map<Integer, List<Integer>> duties = client.duties(0);
      final int[] committee = fx.sim.chain().syncCommittee(0);
      final List<Integer> all = new ArrayList<>();
      duties.forEach(
          (validator, positions) -> {
            positions.forEach(p -> assertThat(committee[p]).isEqualTo(validator));
            all.addAll(positions);
          });
      assertThat(all).hasSize(32).doesNotHaveDuplicates();
      assertThat(client.duties(8)).isEqualTo(duties); // period 1 shares the genesis committee
      assertThat(fx.http.post("/eth/v1/validator/duties/sync/16", "[\"0\"]", Map.of()).status())
          .isEqualTo(400);
    }
  }

  @Test
  void messagesCountPerSlotAndSetTheBitsOfTheNextProducedBlock() {
    try (SimFixture fx = new SimFixture(16, 0, Preset.MINIMAL, ForkName.ELECTRA)) {
      final SyncClient sync = new SyncClient(fx);
      final ProposerClient proposer = new ProposerClient(fx);
      final long slot = 3;
      fx.atSlot(slot);
      final Bytes root = fx.sim.chain().blockRoot(slot);
      final TreeSet<Integer> members = sync.members(slot);
      final int absent = members.first();
      final List<SyncCommitteeMessage> messages = new ArrayList<>();
      members.tailSet(absent, false).forEach(v -> messages.add(sync.message(slot, root, v)));
      final SimHttp.Response accepted = sync.submit(messages.toArray(SyncCommitteeMessage[]::new));
      assertThat(accepted.status()).as(accepted.raw()).isEqualTo(200);
      assertThat(sync.submit(messages.get(0)).status()).isEqualTo(200); // another node's copy

      fx.atSlot(slot + 1);
      final JsonNode summary = fx.summary().get("sync_committee");
      assertThat(summary.at("/messages/valid").asLong()).isEqualTo(messages.size() + 1);
      assertThat(summary.at("/messages/duplicates").asLong()).isEqualTo(1);
      final JsonNode slotEntry = summary.get("slots").get((int) slot);
      assertThat(slotEntry.get("slot").asLong()).isEqualTo(slot);
      assertThat(slotEntry.get("cluster_members").asInt()).isEqualTo(members.size());
      assertThat(slotEntry.get("cluster_participated").asInt()).isEqualTo(members.size() - 1);
      assertThat(slotEntry.get("cluster_missing")).hasSize(1);
      assertThat(slotEntry.at("/cluster_missing/0").asInt()).isEqualTo(absent);

      final SimHttp.Response produced = proposer.produce(slot + 1, "");
      assertThat(produced.status()).as(produced.raw()).isEqualTo(200);
      final SyncAggregate aggregate =
          ((BeaconBlockBodyElectra) proposer.contents(produced, slot + 1).block().body())
              .syncAggregate();
      final int[] committee = fx.sim.chain().syncCommitteeAtSlot(slot);
      final List<BlsPublicKey> keys = new ArrayList<>();
      for (int p = 0; p < committee.length; p++) {
        assertThat(aggregate.syncCommitteeBits().get(p))
            .as("position %d of validator %d", p, committee[p])
            .isEqualTo(committee[p] != absent);
        if (committee[p] != absent) {
          keys.add(fx.keys.get(committee[p]).publicKey());
        }
      }
      assertThat(
              Bls.fastAggregateVerify(
                  keys,
                  fx.roots.syncCommitteeMessage(slot, root).toArray(),
                  BlsSignature.fromBytes(aggregate.syncCommitteeSignature().toArray())))
          .isTrue();
      assertThat(fx.summary().at("/sync_committee/produced_blocks_with_sync_bits").asLong())
          .isEqualTo(1);
    }
  }

  @Test
  void badMessagesAreRefusedByReason() {
    try (SimFixture fx = new SimFixture(16, 48, Preset.MINIMAL, ForkName.ELECTRA)) {
      final SyncClient sync = new SyncClient(fx);
      final long slot = 5;
      fx.atSlot(slot);
      final Bytes root = fx.sim.chain().blockRoot(slot);
      final TreeSet<Integer> members = sync.members(slot);
      assertThat(members).isNotEmpty();
      int outsider = 0;
      while (members.contains(outsider)) {
        outsider++;
      }
      assertThat(outsider).isLessThan(16);
      final int member = members.first();
      refused(sync.submit(sync.message(slot, root, outsider)), "not in the sync committee");
      refused(
          sync.submit(sync.message(slot, root, member, fx.keys.get(outsider))),
          "invalid signature");
      refused(sync.submit(sync.message(slot + 1, root, member)), "in the future");
      refused(sync.submit(sync.message(slot - 2, root, member)), "past");
      refused(
          sync.submit(sync.message(slot, Bytes.fromHex("0x" + "ab".repeat(32)), member)),
          "not a known block");
      final JsonNode messages = fx.summary().at("/sync_committee/messages");
      assertThat(messages.get("valid").asLong()).isZero();
      assertThat(messages.get("invalid").asLong()).isEqualTo(5);
      assertThat(messages.get("invalid_signatures").asLong()).isEqualTo(1);
      assertThat(messages.at("/rejected_by_reason/not_in_sync_committee").asLong()).isEqualTo(1);
    }
  }

  @Test
  void contributionsAggregateTheMessagesAndSelectedAggregatorsPublishThem() {
    try (SimFixture fx = new SimFixture(16, 0, Preset.MINIMAL, ForkName.ELECTRA)) {
      final SyncClient sync = new SyncClient(fx);
      final long slot = 2;
      fx.atSlot(slot);
      final Bytes root = fx.sim.chain().blockRoot(slot);
      final int[] committee = fx.sim.chain().syncCommitteeAtSlot(slot);
      final int aggregator = committee[0]; // subcommittee 0
      final List<SyncCommitteeMessage> messages = new ArrayList<>();
      for (final int v : new TreeSet<>(sync.members(slot))) {
        messages.add(sync.message(slot, root, v));
      }
      assertThat(sync.submit(messages.toArray(SyncCommitteeMessage[]::new)).status())
          .isEqualTo(200);

      final SimHttp.Response served = sync.getContribution(slot, 0, root);
      assertThat(served.status()).as(served.raw()).isEqualTo(200);
      final SyncCommitteeContribution contribution = sync.contribution(served);
      assertThat(contribution.subcommitteeIndex()).isZero();
      assertThat(contribution.aggregationBits().bitCount()).isEqualTo(8);
      final Bytes proof = sync.selectionProof(fx.keys.get(aggregator), slot, 0);
      final SimHttp.Response published =
          sync.publish(sync.signed(aggregator, contribution, proof, fx.keys.get(aggregator)));
      assertThat(published.status()).as(published.raw()).isEqualTo(200);

      // refusals: a foreign selection proof, an aggregator outside the subcommittee, no bits
      final int other = aggregator == 0 ? 1 : 0;
      final Bytes foreign = sync.selectionProof(fx.keys.get(other), slot, 0);
      refused(
          sync.publish(sync.signed(aggregator, contribution, foreign, fx.keys.get(aggregator))),
          "invalid selection proof");
      int outsider = 0;
      while (contains(committee, 0, 8, outsider)) {
        outsider++;
      }
      refused(
          sync.publish(
              sync.signed(
                  outsider,
                  contribution,
                  sync.selectionProof(fx.keys.get(outsider), slot, 0),
                  fx.keys.get(outsider))),
          "not in sync subcommittee 0");
      final SyncCommitteeContribution empty =
          new SyncCommitteeContribution(
              slot, root, 0, Bits.zero(8), BlockFactory.INFINITY_SIGNATURE);
      refused(
          sync.publish(sync.signed(aggregator, empty, proof, fx.keys.get(aggregator))),
          "no aggregation bit");
      assertThat(sync.getContribution(slot, 4, root).status()).isEqualTo(400);
      assertThat(sync.getContribution(slot, 0, Bytes.fromHex("0x" + "cd".repeat(32))).status())
          .isEqualTo(404);

      fx.atSlot(slot + 1);
      final JsonNode summary = fx.summary().get("sync_committee");
      assertThat(summary.at("/contributions/valid").asLong()).isEqualTo(1);
      assertThat(summary.at("/contributions/invalid_signatures").asLong()).isEqualTo(1);
      // every member of a subcommittee aggregates on the minimal preset
      final JsonNode duties = summary.get("contribution_duties");
      assertThat(duties).isNotEmpty();
      long contributed = 0;
      for (final JsonNode duty : duties) {
        assertThat(duty.get("known_from").asText()).contains("every_member");
        if (duty.get("contributed").asBoolean()) {
          contributed++;
          assertThat(duty.get("validator_index").asInt()).isEqualTo(aggregator);
          assertThat(duty.get("in_time").asBoolean()).isTrue();
        }
      }
      assertThat(contributed).isEqualTo(1);
    }
  }

  @Test
  void onMainnetASyncAggregatorTheProofDoesNotSelectIsRefused() {
    try (SimFixture fx = new SimFixture(64, 0, Preset.MAINNET, ForkName.ELECTRA)) {
      final SyncClient sync = new SyncClient(fx);
      final long slot = 1;
      fx.atSlot(slot);
      final Bytes root = fx.sim.chain().blockRoot(slot);
      final int[] committee = fx.sim.chain().syncCommitteeAtSlot(slot);
      // mainnet: 128 positions per subcommittee, modulo 8
      int position = 0;
      while (AggregatorClient.selected(
          sync.selectionProof(fx.keys.get(committee[position]), slot, position / 128), 128)) {
        position++;
      }
      final int validator = committee[position];
      final long subcommittee = position / 128;
      assertThat(sync.submit(sync.message(slot, root, validator)).status()).isEqualTo(200);
      final SyncCommitteeContribution contribution =
          sync.contribution(sync.getContribution(slot, subcommittee, root));
      final SimHttp.Response response =
          sync.publish(
              sync.signed(
                  validator,
                  contribution,
                  sync.selectionProof(fx.keys.get(validator), slot, subcommittee),
                  fx.keys.get(validator)));
      refused(response, "not a sync aggregator");
      assertThat(
              fx.summary()
                  .at("/sync_committee/contributions/rejected_by_reason/not_selected")
                  .asLong())
          .isEqualTo(1);
    }
  }

  @Test
  void theLastSlotOfAPeriodIsSignedByTheNextPeriodsCommittee() {
    try (SimFixture fx = new SimFixture(64, 0, Preset.MINIMAL, ForkName.ELECTRA)) {
      final SyncClient sync = new SyncClient(fx);
      final long last = 127; // period 1 ends with epoch 15
      fx.atSlot(last);
      final TreeSet<Integer> current = new TreeSet<>(sync.duties(15).keySet());
      final TreeSet<Integer> next = new TreeSet<>(sync.duties(16).keySet());
      assertThat(sync.members(last)).isEqualTo(next);
      final int joining = next.stream().filter(v -> !current.contains(v)).findFirst().orElseThrow();
      final int leaving = current.stream().filter(v -> !next.contains(v)).findFirst().orElseThrow();
      final Bytes root = fx.sim.chain().blockRoot(last);
      assertThat(sync.submit(sync.message(last, root, joining)).status()).isEqualTo(200);
      refused(sync.submit(sync.message(last, root, leaving)), "not in the sync committee");
      assertThat(sync.submit(sync.message(126, fx.sim.chain().blockRoot(126), leaving)).status())
          .as("slot 126 is still signed by period 1")
          .isEqualTo(200);
    }
  }

  private static boolean contains(final int[] values, final int from, final int to, final int v) {
    for (int i = from; i < to; i++) {
      if (values[i] == v) {
        return true;
      }
    }
    return false;
  }

  private static void refused(final SimHttp.Response response, final String message) {
    assertThat(response.status()).as(response.raw()).isEqualTo(400);
    assertThat(response.body().at("/failures/0/message").asText()).contains(message);
  }
}
