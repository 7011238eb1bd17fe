package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.beaconsim.AggregatorClient.Committee;
import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.BlsSignature;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.ElectraAttestation;
import io.dvc.spec.types.SignedAggregateAndProof;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Electra aggregation over HTTP: 1,024 validators on the minimal preset make 4 committees of 32 per
 * slot (is_aggregator modulo 2, so about half the members are selected); 64 of them are the
 * cluster's, with keys.
 */
@Timeout(120)
class AggregationEndpointsTest {
  private final SimFixture fx = new SimFixture(64, 960, Preset.MINIMAL, ForkName.ELECTRA);
  private final AggregatorClient client = new AggregatorClient(fx);

  @AfterEach
  void close() {
    fx.close();
  }

  /** A committee with a selected and a not-selected cluster member (there is one in epoch 0). */
  private Committee mixedCommittee() {
    for (final Committee c : client.committees(0, 2)) {
      final List<List<Integer>> split = client.bySelection(c);
      if (!split.get(0).isEmpty() && !split.get(1).isEmpty()) {
        return c;
      }
    }
    throw new AssertionError("no committee with a selected and a not-selected cluster member");
  }

  @Test
  void theAggregateOfWhatWasSubmittedIsServedAndASelectedAggregatorPublishesIt() {
    final Committee committee = mixedCommittee();
    final int aggregator = client.bySelection(committee).get(0).get(0);
    assertThat(client.subscribe(committee, aggregator, true).status()).isEqualTo(200);
    final AttestationData data = client.attestAll(committee, "electra");

    final SimHttp.Response served = client.getAggregate(data, committee.index());
    assertThat(served.status()).as(served.raw()).isEqualTo(200);
    assertThat(served.http().headers().firstValue("Eth-Consensus-Version")).hasValue("electra");
    assertThat(served.body().get("version").asText()).isEqualTo("electra");
    final ElectraAttestation aggregate =
        (ElectraAttestation) client.attestation(served, committee.slot());
    assertThat(aggregate.data()).isEqualTo(data);
    assertThat(aggregate.committeeBits().bitCount()).isEqualTo(1);
    assertThat(aggregate.committeeBits().get((int) committee.index())).isTrue();
    assertThat(aggregate.aggregationBits().size()).isEqualTo(committee.length());
    assertThat(aggregate.aggregationBits().bitCount()).isEqualTo(committee.members().size());
    for (final JsonNode duty : committee.members().values()) {
      assertThat(
              aggregate
                  .aggregationBits()
                  .get((int) SimFixture.uint(duty, "validator_committee_index")))
          .isTrue();
    }
    final List<BlsPublicKey> keys =
        committee.members().keySet().stream().map(i -> fx.keys.get(i).publicKey()).toList();
    assertThat(
            Bls.fastAggregateVerify(
                keys,
                fx.roots.attestation(data).toArray(),
                BlsSignature.fromBytes(aggregate.signature().toArray())))
        .isTrue();

    final Bytes proof = client.selectionProof(fx.keys.get(aggregator), committee.slot());
    final SignedAggregateAndProof signed =
        client.signed(aggregator, aggregate, proof, fx.keys.get(aggregator));
    final SimHttp.Response published = client.publish("electra", signed);
    assertThat(published.status()).as(published.raw()).isEqualTo(200);
    assertThat(client.publish("electra", signed).status()).isEqualTo(200);

    final JsonNode summary = fx.summary().get("aggregation");
    assertThat(summary.get("valid").asLong()).isEqualTo(2);
    assertThat(summary.get("duplicates").asLong()).isEqualTo(1);
    assertThat(summary.get("invalid").asLong()).isZero();
    assertThat(summary.get("aggregates_served").asLong()).isEqualTo(1);
    assertThat(summary.get("aggregator_subscriptions").asLong()).isEqualTo(1);
    assertThat(summary.get("is_aggregator_mismatches").asLong()).isZero();
    assertThat(summary.at("/committees/0/aggregators").asInt()).isEqualTo(1);
    assertThat(summary.at("/committees/0/attesters").asInt()).isEqualTo(committee.members().size());
    assertThat(summary.at("/epochs/0/cluster_included").asInt())
        .isEqualTo(committee.members().size());
    fx.atSlot(committee.slot() + 1);
    final JsonNode duties = fx.summary().at("/aggregation/duties");
    assertThat(duties).hasSize(1);
    assertThat(duties.get(0).get("validator_index").asInt()).isEqualTo(aggregator);
    assertThat(duties.get(0).get("known_from").asText()).isEqualTo("selection_proof,subscription");
    assertThat(duties.get(0).get("aggregated").asBoolean()).isTrue();
    assertThat(fx.summary().at("/aggregation/succeeded").asLong()).isEqualTo(1);
  }

  @Test
  void anAggregatorWhomTheSelectionProofDoesNotSelectIsRefused() {
    final Committee committee = mixedCommittee();
    final int notSelected = client.bySelection(committee).get(1).get(0);
    final AttestationData data = client.attestAll(committee, "electra");
    final ElectraAttestation aggregate =
        (ElectraAttestation)
            client.attestation(client.getAggregate(data, committee.index()), committee.slot());
    final Bytes proof = client.selectionProof(fx.keys.get(notSelected), committee.slot());
    final SimHttp.Response refused =
        client.publish(
            "electra", client.signed(notSelected, aggregate, proof, fx.keys.get(notSelected)));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().at("/failures/0/index").asInt()).isZero();
    assertThat(refused.body().at("/failures/0/message").asText())
        .contains("validator " + notSelected)
        .contains("not an aggregator");
    assertThat(fx.summary().at("/aggregation/rejected_by_reason/not_selected").asLong())
        .isEqualTo(1);
  }

  @Test
  void badSignaturesCommitteeBitsAndMembershipAreRefusedByReason() {
    final Committee committee = mixedCommittee();
    final int aggregator = client.bySelection(committee).get(0).get(0);
    final BlsSecretKey key = fx.keys.get(aggregator);
    final AttestationData data = client.attestAll(committee, "electra");
    final ElectraAttestation aggregate =
        (ElectraAttestation)
            client.attestation(client.getAggregate(data, committee.index()), committee.slot());
    final Bytes proof = client.selectionProof(key, committee.slot());
    final int other = (aggregator + 1) % fx.keys.size();

    // the aggregate-and-proof signed by another key
    assertRefused(
        client.signed(aggregator, aggregate, proof, fx.keys.get(other)), "invalid_signature");
    // a selection proof by another key that still passes is_aggregator
    Bytes foreignProof = null;
    for (int i = 0; foreignProof == null; i++) {
      final Bytes candidate = client.selectionProof(fx.keys.get(i), committee.slot());
      if (i != aggregator && AggregatorClient.selected(candidate, committee.length())) {
        foreignProof = candidate;
      }
    }
    assertRefused(
        client.signed(aggregator, aggregate, foreignProof, key), "invalid_selection_proof");
    // an aggregate whose bits claim more attesters than its signature holds
    final int lonely = committee.members().keySet().iterator().next();
    final ElectraAttestation overclaimed =
        new ElectraAttestation(
            aggregate.aggregationBits(),
            data,
            fx.sign(fx.keys.get(lonely), data),
            aggregate.committeeBits());
    assertRefused(
        client.signed(aggregator, overclaimed, proof, key), "invalid_aggregate_signature");
    // two committee bits, and none
    final int otherCommittee = (int) (committee.index() + 1) % 4;
    assertRefused(
        client.signed(
            aggregator,
            new ElectraAttestation(
                aggregate.aggregationBits(),
                data,
                aggregate.signature(),
                Bits.of(4, (int) committee.index(), otherCommittee)),
            proof,
            key),
        "bad_committee_bits");
    assertRefused(
        client.signed(
            aggregator,
            new ElectraAttestation(
                aggregate.aggregationBits(), data, aggregate.signature(), Bits.zero(4)),
            proof,
            key),
        "bad_committee_bits");
    // an aggregator who is not in the committee
    int outsider = 0;
    while (committee.members().containsKey(outsider)) {
      outsider++;
    }
    assertRefused(
        client.signed(
            outsider,
            aggregate,
            client.selectionProof(fx.keys.get(outsider), committee.slot()),
            fx.keys.get(outsider)),
        "aggregator_not_in_committee");
    // the wrong form for the slot's fork
    final SimHttp.Response wrongVersion =
        client.publishElectraAs("deneb", client.signed(aggregator, aggregate, proof, key));
    assertThat(wrongVersion.status()).isEqualTo(400);

    final JsonNode summary = fx.summary().get("aggregation");
    assertThat(summary.get("valid").asLong()).isZero();
    assertThat(summary.get("invalid_signatures").asLong()).isEqualTo(3);
    assertThat(summary.at("/epochs/0/cluster_included").asInt()).isZero();
  }

  @Test
  void anAggregateForAnUnknownDataRootIsNotFound() {
    final Committee committee = mixedCommittee();
    final AttestationData data = client.attestAll(committee, "electra");
    final SimHttp.Response missing =
        fx.http.get(
            "/eth/v2/validator/aggregate_attestation?attestation_data_root=0x"
                + "11".repeat(32)
                + "&slot="
                + data.slot()
                + "&committee_index="
                + committee.index());
    assertThat(missing.status()).isEqualTo(404);
    final SimHttp.Response v1 =
        fx.http.get(
            "/eth/v1/validator/aggregate_attestation?attestation_data_root="
                + fx.schedule.schemas().attestationData.hashTreeRoot(data).toHex()
                + "&slot="
                + data.slot());
    assertThat(v1.status()).as("v1 has no Electra form").isEqualTo(400);
    assertThat(
            fx.http
                .get(
                    "/eth/v2/validator/aggregate_attestation?attestation_data_root=0x12&slot=1"
                        + "&committee_index=0")
                .status())
        .isEqualTo(400);
  }

  private void assertRefused(final SignedAggregateAndProof signed, final String reason) {
    final SimHttp.Response response = client.publish("electra", signed);
    assertThat(response.status()).as(reason).isEqualTo(400);
    assertThat(fx.summary().at("/aggregation/rejected_by_reason/" + reason).asLong())
        .as(reason + " in " + fx.summary().get("aggregation").get("rejected_by_reason"))
        .isGreaterThanOrEqualTo(1);
  }
}
