package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.BlockContents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two epochs of a cluster that owns half of the registry and does every duty in time: it proposes
 * at the start of each of its slots and every validator attests a third into its slot. The
 * simulator's own blocks fill the other slots; every proposal and every attestation counts.
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
    for (long slot = 0; slot < 16; slot++) {
      fx.atSlot(slot);
      if (slot > 0 && client.proposer(slot) < 8) {
        final BlockContents block = client.contents(client.produce(slot, ""), slot);
        final SimHttp.Response published = client.signAndPublish(block);
        assertThat(published.status()).as("slot %d: %s", slot, published.raw()).isEqualTo(200);
        proposed++;
      }
      final long epoch = slot / 8;
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
      }
    }
    fx.atSlot(16);
    final JsonNode summary = fx.summary();
    final JsonNode proposals = summary.get("proposals");
    final long expectedBefore16 =
        countDuties(proposals) - (fx.sim.chain().isClusterSlot(16) ? 1 : 0);
    assertThat(proposed).isPositive().isEqualTo(expectedBefore16);
    assertThat(proposals.get("included").asInt()).isEqualTo(proposed);
    assertThat(proposals.get("invalid").asInt()).isZero();
    assertThat(proposals.at("/slashable/count").asInt()).isZero();
    assertThat(summary.at("/epochs/0/cluster_included").asInt()).isEqualTo(8);
    assertThat(summary.at("/epochs/1/cluster_included").asInt()).isEqualTo(8);
    assertThat(summary.at("/slashable/count").asInt()).isZero();
  }

  private static long countDuties(final JsonNode proposals) {
    return proposals.get("duties").size();
  }
}
