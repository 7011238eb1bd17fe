package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.BlockContents;
import io.dvc.spec.types.ElectraAttestation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two epochs of a cluster that owns half of the registry and does every duty in time: it proposes
 * at the start of each of its slots and every validator attests a third into its slot. The
 * simulator's own blocks fill the other slots; every proposal and every attestation counts, and
 * each produced block carries the previous slot's attestations, aggregated.
 */
@Timeout(120)
class ProposalFlowTest {
  private final SimFixture fx = new SimFixture(8, 8, Preset.MINIMAL, ForkName.ELECTRA);
  private final ProposerClient client = new ProposerClient(fx);

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void everyProposalAndAttestationOfTwoEpochsIsIncluded() {
    int proposed = 0;
    int attestersBefore = 0;
    for (long slot = 0; slot < 16; slot++) {
      fx.atSlot(slot);
      if (slot > 0 && client.proposer(slot) < 8) {
        final BlockContents block = client.contents(client.produce(slot, ""), slot);
        checkAttestations(block, attestersBefore);
        final SimHttp.Response published = client.signAndPublish(block);
        assertThat(published.status()).as("slot %d: %s", slot, published.raw()).isEqualTo(200);
        proposed++;
      }
      final long epoch = slot / 8;
      attestersBefore = 0;
      for (int validator = 0; validator < 8; validator++) {
        final JsonNode duty = fx.duty(epoch, validator);
        if (SimFixture.uint(duty, "slot") != slot) {
          continue;
        }
        final AttestationData data =
            fx.attestationData(slot, SimFixture.uint(duty, "committee_index"));
        assertThat(data.beaconBlockRoot().toHex()).isEqualTo(client.headRoot());
        final SimHttp.Response submitted =
            fx.submitV2("electra", fx.single(duty, data, fx.sign(fx.keys.get(validator), data)));
        assertThat(submitted.status()).as(submitted.raw()).isEqualTo(200);
        attestersBefore++;
      }
    }
    fx.atSlot(16);
    final JsonNode summary = fx.summary();
    final JsonNode proposals = summary.get("proposals");
    // the duties of slots 1..15 are over
    assertThat(proposed).isPositive().isEqualTo(proposals.get("duties").size());
    assertThat(proposals.get("expected").asInt()).isEqualTo(proposed);
    assertThat(proposals.get("included").asInt()).isEqualTo(proposed);
    assertThat(proposals.get("invalid").asInt()).isZero();
    assertThat(proposals.at("/slashable/count").asInt()).isZero();
    assertThat(summary.at("/epochs/0/cluster_included").asInt()).isEqualTo(8);
    assertThat(summary.at("/epochs/1/cluster_included").asInt()).isEqualTo(8);
    assertThat(summary.at("/slashable/count").asInt()).isZero();
  }

  /**
   * The block carries the previous slot's attestations as one Electra aggregate whose signature
   * verifies for the validators its bits name.
   */
  private void checkAttestations(final BlockContents block, final int attesters) {
    final var attestations = block.block().body().attestations();
    if (attesters == 0) {
      assertThat(attestations).isEmpty();
      return;
    }
    assertThat(attestations).hasSize(1);
    final ElectraAttestation aggregate = (ElectraAttestation) attestations.get(0);
    final AttestationData data = aggregate.data();
    assertThat(data.slot()).isEqualTo(block.block().slot() - 1);
    final List<BlsPublicKey> keys = new ArrayList<>();
    int offset = 0;
    for (int committee = 0; committee < aggregate.committeeBits().size(); committee++) {
      if (!aggregate.committeeBits().get(committee)) {
        continue;
      }
      final int[] members = fx.sim.chain().committee(data.slot(), committee).orElseThrow();
      for (int position = 0; position < members.length; position++) {
        if (aggregate.aggregationBits().get(offset + position)) {
          keys.add(fx.sim.chain().validators().get(members[position]).publicKey());
        }
      }
      offset += members.length;
    }
    assertThat(offset).isEqualTo(aggregate.aggregationBits().size());
    assertThat(keys).hasSize(attesters);
    assertThat(
            Bls.fastAggregateVerify(
                keys,
                fx.roots.attestation(data).toArray(),
                BlsSignature.fromBytes(aggregate.signature().toArray())))
        .isTrue();
  }
}
