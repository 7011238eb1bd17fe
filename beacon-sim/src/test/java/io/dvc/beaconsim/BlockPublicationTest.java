package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.BeaconBlock;
import io.dvc.spec.types.BeaconBlockBodyElectra;
import io.dvc.spec.types.BlockContents;
import io.dvc.spec.types.SignedBeaconBlock;
import io.dvc.spec.types.SignedBlockContents;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** publishBlockV2 on an Electra chain of 8 cluster validators: imports and every refusal. */
@Timeout(60)
class BlockPublicationTest {
  private final SimFixture fx = new SimFixture(8, 0, Preset.MINIMAL, ForkName.ELECTRA);
  private final ProposerClient client = new ProposerClient(fx);

  @AfterEach
  void close() {
    fx.close();
  }

  private BlockContents produced(final long slot, final String query) {
    final SimHttp.Response response = client.produce(slot, query);
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    return client.contents(response, slot);
  }

  private static BlockContents withBlock(final BlockContents contents, final BeaconBlock block) {
    return new BlockContents(block, contents.kzgProofs(), contents.blobs());
  }

  @Test
  void aPublishedBlockBecomesTheHeadAndIsVotedFor() {
    fx.atSlot(1);
    final String genesis = client.headRoot();
    final BlockContents block = produced(1, "");
    final SimHttp.Response published = client.signAndPublish(block);
    assertThat(published.status()).as(published.raw()).isEqualTo(200);
    final String root =
        fx.roots
            .schedule()
            .schemas()
            .beaconBlockHeader
            .hashTreeRoot(fx.roots.header(block.block()))
            .toHex();
    assertThat(client.headRoot()).isEqualTo(root).isNotEqualTo(genesis);
    assertThat(fx.http.get("/eth/v1/beacon/blocks/1/root").body().at("/data/root").asText())
        .isEqualTo(root);
    final AttestationData data = fx.attestationData(1, 0);
    assertThat(data.beaconBlockRoot().toHex()).isEqualTo(root);
    // every node of a cluster publishes the same block: accepted again, counted once
    assertThat(client.signAndPublish(block).status()).isEqualTo(200);
    fx.atSlot(2);
    final BlockContents next = produced(2, "");
    assertThat(next.block().parentRoot().toHex()).isEqualTo(root);
    // slot 1 is over: its duty counts
    final JsonNode atTwo = client.proposals();
    assertThat(atTwo.get("expected").asInt()).isEqualTo(1);
    assertThat(atTwo.get("included").asInt()).isEqualTo(1);
    assertThat(atTwo.get("imported").asInt()).isEqualTo(1);
    assertThat(atTwo.get("published").asInt()).isEqualTo(2);
    assertThat(atTwo.at("/duties/0/slot").asInt()).isEqualTo(1);
    assertThat(atTwo.at("/duties/0/included").asBoolean()).isTrue();
    assertThat(atTwo.at("/duties/0/block_root").asText()).isEqualTo(root);
    assertThat(atTwo.get("duties")).hasSize(1);
    // slot 2 passes without a publication: a missed proposal
    final JsonNode proposals = client.proposalsAfter(2);
    assertThat(proposals.get("expected").asInt()).isEqualTo(2);
    assertThat(proposals.get("included").asInt()).isEqualTo(1);
    assertThat(proposals.at("/duties/1/slot").asInt()).isEqualTo(2);
    assertThat(proposals.at("/duties/1/included").asBoolean()).isFalse();
    assertThat(proposals.at("/duties/1/block_root").isNull()).isTrue();
    assertThat(proposals.at("/slashable/count").asInt()).isZero();
    assertThat(fx.summary().at("/slashable/count").asInt()).isZero();
  }

  @Test
  void refusesASignatureOfAnotherKey() {
    fx.atSlot(1);
    final BlockContents block = produced(1, "");
    final int other = (client.proposer(1) + 1) % 8;
    final SimHttp.Response refused =
        client.publish(
            client.signedJson(block, client.sign(block.block(), fx.keys.get(other))), 1, "");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().get("message").asText()).contains("invalid block signature");
    final JsonNode proposals = client.proposalsAfter(1);
    assertThat(proposals.get("invalid_signatures").asInt()).isEqualTo(1);
    assertThat(proposals.at("/rejected_by_reason/invalid_signature").asInt()).isEqualTo(1);
    assertThat(proposals.get("expected").asInt()).isEqualTo(1);
    assertThat(proposals.get("included").asInt()).isZero();
    assertThat(client.headRoot())
        .isEqualTo(fx.http.get("/eth/v1/beacon/headers/genesis").body().at("/data/root").asText());
  }

  @Test
  void refusesAnotherProposerAndAWrongRandao() {
    fx.atSlot(1);
    final BlockContents block = produced(1, "");
    final int proposer = client.proposer(1);
    final int other = (proposer + 1) % 8;
    final BeaconBlock b = block.block();
    final BeaconBlock otherProposer =
        new BeaconBlock(b.slot(), other, b.parentRoot(), b.stateRoot(), b.body());
    final SimHttp.Response wrongProposer =
        client.publish(
            client.signedJson(
                withBlock(block, otherProposer), client.sign(otherProposer, fx.keys.get(other))),
            1,
            "");
    assertThat(wrongProposer.status()).isEqualTo(400);
    assertThat(wrongProposer.body().get("message").asText())
        .contains("is not the proposer of slot 1");

    // a block whose RANDAO reveal is another key's, correctly signed by the proposer
    final BeaconBlockBodyElectra body = (BeaconBlockBodyElectra) b.body();
    final BeaconBlock foreignRandao =
        new BeaconBlock(
            b.slot(),
            b.proposerIndex(),
            b.parentRoot(),
            b.stateRoot(),
            new BeaconBlockBodyElectra(
                client.randao(1, fx.keys.get(other)),
                body.eth1Data(),
                body.graffiti(),
                body.proposerSlashings(),
                body.attesterSlashings(),
                body.attestations(),
                body.deposits(),
                body.voluntaryExits(),
                body.syncAggregate(),
                body.executionPayload(),
                body.blsToExecutionChanges(),
                body.blobKzgCommitments(),
                body.executionRequests()));
    final SimHttp.Response wrongRandao =
        client.publish(
            client.signedJson(
                withBlock(block, foreignRandao), client.sign(foreignRandao, fx.keys.get(proposer))),
            1,
            "");
    assertThat(wrongRandao.status()).isEqualTo(400);
    assertThat(wrongRandao.body().get("message").asText()).contains("randao_reveal");
    final JsonNode proposals = client.proposalsAfter(1);
    assertThat(proposals.get("invalid_randao").asInt()).isEqualTo(1);
    assertThat(proposals.at("/rejected_by_reason/wrong_proposer").asInt()).isEqualTo(1);
    assertThat(proposals.get("invalid_signatures").asInt()).isZero();
    assertThat(proposals.get("expected").asInt()).isEqualTo(1);
    assertThat(proposals.get("included").asInt()).isZero();
  }

  @Test
  void detectsADoubleProposal() {
    fx.atSlot(1);
    final BlockContents first = produced(1, "&graffiti=0x" + "01".repeat(32));
    final BlockContents second = produced(1, "&graffiti=0x" + "02".repeat(32));
    assertThat(client.signAndPublish(first).status()).isEqualTo(200);
    final int proposer = client.proposer(1);
    final JsonNode secondBody =
        client.signedJson(second, client.sign(second.block(), fx.keys.get(proposer)));
    final SimHttp.Response strict =
        client.publish(secondBody, 1, "?broadcast_validation=consensus_and_equivocation");
    assertThat(strict.status()).isEqualTo(400);
    assertThat(strict.body().get("message").asText()).contains("equivocation");
    final SimHttp.Response gossip = client.publish(secondBody, 1, "?broadcast_validation=gossip");
    assertThat(gossip.status()).isEqualTo(202);
    final JsonNode proposals = client.proposalsAfter(1);
    assertThat(proposals.at("/slashable/count").asInt()).isEqualTo(1);
    assertThat(proposals.at("/slashable/pairs/0/kind").asText()).isEqualTo("double_proposal");
    assertThat(proposals.at("/slashable/pairs/0/validator_index").asInt()).isEqualTo(proposer);
    assertThat(proposals.at("/slashable/pairs/0/slot").asInt()).isEqualTo(1);
    assertThat(proposals.at("/slashable/pairs/0/first/body_root").asText())
        .isNotEqualTo(proposals.at("/slashable/pairs/0/second/body_root").asText());
    assertThat(proposals.get("included").asInt()).isEqualTo(1);
    // an unsigned (badly signed) second block is no evidence
    final BlockContents third = produced(1, "&graffiti=0x" + "03".repeat(32));
    client.publish(
        client.signedJson(third, client.sign(third.block(), fx.keys.get((proposer + 1) % 8))),
        1,
        "");
    assertThat(client.proposals().at("/slashable/count").asInt()).isEqualTo(1);
  }

  @Test
  void aBlockOnAStaleParentIsBroadcastButNotImported() {
    fx.atSlot(2);
    final BlockContents atOne = produced(1, "");
    final BlockContents atTwo = produced(2, "");
    assertThat(atTwo.block().parentRoot()).isEqualTo(atOne.block().parentRoot());
    assertThat(client.signAndPublish(atTwo).status()).isEqualTo(200);
    final SimHttp.Response late = client.signAndPublish(atOne);
    assertThat(late.status()).isEqualTo(202);
    assertThat(late.body().get("message").asText()).contains("later block");
    assertThat(client.proposals().get("not_imported").asInt()).isEqualTo(1);
  }

  @Test
  void needsTheVersionHeaderAndAWellFormedBody() {
    fx.atSlot(1);
    final BlockContents block = produced(1, "");
    final JsonNode body =
        client.signedJson(block, client.sign(block.block(), fx.keys.get(client.proposer(1))));
    final SimHttp.Response missing = fx.http.post("/eth/v2/beacon/blocks", body, Map.of());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().get("message").asText()).contains("Eth-Consensus-Version");
    final SimHttp.Response wrongVersion =
        fx.http.post("/eth/v2/beacon/blocks", body, Map.of("Eth-Consensus-Version", "fulu"));
    assertThat(wrongVersion.status()).isEqualTo(400);
    final SimHttp.Response deneb =
        fx.http.post("/eth/v2/beacon/blocks", body, Map.of("Eth-Consensus-Version", "deneb"));
    assertThat(deneb.status()).isEqualTo(400);
    final ObjectNode noBlobs = body.deepCopy();
    noBlobs.remove("blobs");
    assertThat(client.publish(noBlobs, 1, "").status()).isEqualTo(400);
    assertThat(client.publish(body, 1, "?broadcast_validation=sometimes").status()).isEqualTo(400);
    assertThat(client.proposals().get("invalid").asInt()).isEqualTo(5);
    assertThat(client.publish(body, 1, "").status()).isEqualTo(200);
  }

  @Test
  void acceptsAnSszBody() {
    fx.atSlot(1);
    final BlockContents block = produced(1, "");
    final Bytes signature = client.sign(block.block(), fx.keys.get(client.proposer(1)));
    final byte[] ssz =
        client
            .schemas(1)
            .signedBlockContents()
            .orElseThrow()
            .serialize(
                new SignedBlockContents(
                    new SignedBeaconBlock(block.block(), signature),
                    block.kzgProofs(),
                    block.blobs()));
    final SimHttp.Response published =
        fx.http.postBytes("/eth/v2/beacon/blocks", ssz, Map.of("Eth-Consensus-Version", "electra"));
    assertThat(published.status()).as(published.raw()).isEqualTo(200);
    assertThat(client.proposalsAfter(1).get("included").asInt()).isEqualTo(1);
  }

  @Test
  void anAttestationMadeBeforeALateBoundaryBlockLosesItsTarget() {
    fx.atSlot(8); // epoch 1; its boundary slot 8 is still empty
    int validator = -1;
    JsonNode duty = null;
    for (int i = 0; i < 8 && validator < 0; i++) {
      final JsonNode candidate = fx.duty(1, i);
      if (SimFixture.uint(candidate, "slot") == 8) {
        validator = i;
        duty = candidate;
      }
    }
    assertThat(validator).as("one attester per slot: someone attests at slot 8").isNotNegative();
    final AttestationData early = fx.attestationData(8, 0);
    assertThat(
            fx.submitV2("electra", fx.single(duty, early, fx.sign(fx.keys.get(validator), early)))
                .status())
        .isEqualTo(200);
    assertThat(fx.summary().at("/epochs/1/cluster_included").asInt()).isEqualTo(1);
    assertThat(client.signAndPublish(produced(8, "")).status()).isEqualTo(200);
    // the boundary of epoch 1 is now the new block: the early vote's target is wrong
    assertThat(fx.summary().at("/epochs/1/cluster_included").asInt()).isZero();
    assertThat(fx.attestationData(8, 0).target().root()).isNotEqualTo(early.target().root());
  }
}
