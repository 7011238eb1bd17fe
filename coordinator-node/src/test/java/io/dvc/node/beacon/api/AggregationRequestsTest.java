package io.dvc.node.beacon.api;

import static io.dvc.node.beacon.api.Recorded.answer;
import static io.dvc.node.beacon.api.Recorded.body;
import static io.dvc.node.beacon.api.Recorded.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.node.beacon.BeaconApiException;
import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AggregateAndProof;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Checkpoint;
import io.dvc.spec.types.ElectraAttestation;
import io.dvc.spec.types.Phase0Attestation;
import io.dvc.spec.types.SignedAggregateAndProof;
import io.dvc.spec.types.SyncCommitteeContribution;
import io.dvc.spec.types.SyncCommitteeMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The aggregation and sync-committee endpoints: forms, older forms, and what answers refuse. */
class AggregationRequestsTest {
  private static final Schemas SCHEMAS = Schemas.MAINNET;
  private static final Bytes SIG = Bytes.fromHex("0x" + "c0" + "00".repeat(95));
  private static final AttestationData DATA =
      new AttestationData(
          100,
          0,
          Bytes.fromHex(root(0xaa)),
          new Checkpoint(2, Bytes.fromHex(root(0xbb))),
          new Checkpoint(3, Bytes.fromHex(root(0xcc))));

  private static Bytes dataRoot(final AttestationData data) {
    return SCHEMAS.attestationData.hashTreeRoot(data);
  }

  private static ElectraAttestation electra(final AttestationData data, final int committee) {
    return new ElectraAttestation(Bits.of(16, 3), data, SIG, Bits.of(64, committee));
  }

  private static String versioned(final ForkName fork, final Attestation a) {
    return "{\"version\":\""
        + fork.jsonName()
        + "\",\"data\":"
        + SCHEMAS.at(fork).attestation().toJson(a)
        + "}";
  }

  @Test
  void aggregateOfTheAskedDataAndCommitteeIsRead() {
    final GetAggregateAttestation request =
        new GetAggregateAttestation(SCHEMAS, ForkName.ELECTRA, 100, 5, dataRoot(DATA));
    assertThat(request.form().pathAndQuery())
        .isEqualTo(
            "/eth/v2/validator/aggregate_attestation?attestation_data_root="
                + dataRoot(DATA).toHex()
                + "&slot=100&committee_index=5");
    assertThat(request.olderForm()).as("v1 cannot carry the Electra form").isEmpty();
    final ElectraAttestation aggregate = electra(DATA, 5);
    assertThat(request.read(answer(200, versioned(ForkName.ELECTRA, aggregate))).attestation())
        .isEqualTo(aggregate);
  }

  @Test
  void anAggregateForOtherDataOrAnotherCommitteeIsRefused() {
    final GetAggregateAttestation request =
        new GetAggregateAttestation(SCHEMAS, ForkName.ELECTRA, 100, 5, dataRoot(DATA));
    final AttestationData other =
        new AttestationData(100, 0, Bytes.fromHex(root(0xdd)), DATA.source(), DATA.target());
    assertThatThrownBy(
            () -> request.read(answer(200, versioned(ForkName.ELECTRA, electra(other, 5)))))
        .isInstanceOf(BeaconApiException.class)
        .hasMessageContaining("other attestation data");
    assertThatThrownBy(
            () -> request.read(answer(200, versioned(ForkName.ELECTRA, electra(DATA, 4)))))
        .hasMessageContaining("not exactly committee 5");
    assertThatThrownBy(
            () ->
                request.read(
                    answer(
                        200,
                        versioned(
                            ForkName.ELECTRA,
                            new ElectraAttestation(Bits.zero(16), DATA, SIG, Bits.of(64, 5))))))
        .hasMessageContaining("no aggregation bit");
  }

  @Test
  void beforeElectraTheOlderFormIsV1WithThePhase0Aggregate() {
    final AttestationData indexed =
        new AttestationData(100, 7, DATA.beaconBlockRoot(), DATA.source(), DATA.target());
    final GetAggregateAttestation request =
        new GetAggregateAttestation(SCHEMAS, ForkName.DENEB, 100, 7, dataRoot(indexed));
    final var older = request.olderForm().orElseThrow();
    assertThat(older.form().pathAndQuery())
        .isEqualTo(
            "/eth/v1/validator/aggregate_attestation?attestation_data_root="
                + dataRoot(indexed).toHex()
                + "&slot=100");
    final Phase0Attestation aggregate = new Phase0Attestation(Bits.of(16, 1), indexed, SIG);
    assertThat(
            older
                .read(answer(200, "{\"data\":" + SCHEMAS.phase0Attestation.toJson(aggregate) + "}"))
                .attestation())
        .isEqualTo(aggregate);
  }

  @Test
  void signedAggregatesGoAsV2WithTheVersionHeaderAndV1BeforeElectra() {
    final SignedAggregateAndProof signed =
        new SignedAggregateAndProof(new AggregateAndProof(9, electra(DATA, 5), SIG), SIG);
    final SubmitAggregateAndProofs electraRequest =
        new SubmitAggregateAndProofs(
            ForkName.ELECTRA, List.of(signed), SCHEMAS.electraSignedAggregateAndProof);
    assertThat(electraRequest.form().path()).isEqualTo("/eth/v2/validator/aggregate_and_proofs");
    assertThat(electraRequest.form().headers()).containsEntry("Eth-Consensus-Version", "electra");
    assertThat(body(electraRequest.form())).contains("\"aggregator_index\":\"9\"");
    assertThat(electraRequest.olderForm()).isEmpty();
    final SubmitAggregateAndProofs deneb =
        new SubmitAggregateAndProofs(
            ForkName.DENEB,
            List.of(
                new SignedAggregateAndProof(
                    new AggregateAndProof(9, new Phase0Attestation(Bits.of(16, 1), DATA, SIG), SIG),
                    SIG)),
            SCHEMAS.phase0SignedAggregateAndProof);
    assertThat(deneb.olderForm().orElseThrow().form().path())
        .isEqualTo("/eth/v1/validator/aggregate_and_proofs");
    assertThat(
            electraRequest.read(
                answer(400, "{\"code\":400,\"failures\":[{\"index\":0,\"message\":\"bad\"}]}")))
        .isEqualTo(new SubmitResult(Map.of(0, "bad")));
  }

  @Test
  void syncMessagesAreAnArrayOfTheSpecShape() {
    final SubmitSyncCommitteeMessages request =
        new SubmitSyncCommitteeMessages(
            List.of(new SyncCommitteeMessage(100, DATA.beaconBlockRoot(), 9, SIG)),
            SCHEMAS.syncCommitteeMessage);
    assertThat(request.form().path()).isEqualTo("/eth/v1/beacon/pool/sync_committees");
    assertThat(body(request.form()))
        .startsWith("[{\"slot\":\"100\",\"beacon_block_root\":\"" + DATA.beaconBlockRoot().toHex());
  }

  @Test
  void aContributionForAnotherBlockRootOrSubcommitteeIsRefused() {
    final GetSyncCommitteeContribution request =
        new GetSyncCommitteeContribution(SCHEMAS, 100, 2, DATA.beaconBlockRoot());
    assertThat(request.form().pathAndQuery())
        .isEqualTo(
            "/eth/v1/validator/sync_committee_contribution?slot=100&subcommittee_index=2"
                + "&beacon_block_root="
                + DATA.beaconBlockRoot().toHex());
    final SyncCommitteeContribution good =
        new SyncCommitteeContribution(100, DATA.beaconBlockRoot(), 2, Bits.of(128, 5), SIG);
    assertThat(
            request.read(
                answer(200, "{\"data\":" + SCHEMAS.syncCommitteeContribution.toJson(good) + "}")))
        .isEqualTo(good);
    final SyncCommitteeContribution otherRoot =
        new SyncCommitteeContribution(100, Bytes.fromHex(root(0xdd)), 2, Bits.of(128, 5), SIG);
    assertThatThrownBy(
            () ->
                request.read(
                    answer(
                        200,
                        "{\"data\":" + SCHEMAS.syncCommitteeContribution.toJson(otherRoot) + "}")))
        .hasMessageContaining("contribution is for block");
    final SyncCommitteeContribution otherSubcommittee =
        new SyncCommitteeContribution(100, DATA.beaconBlockRoot(), 1, Bits.of(128, 5), SIG);
    assertThatThrownBy(
            () ->
                request.read(
                    answer(
                        200,
                        "{\"data\":"
                            + SCHEMAS.syncCommitteeContribution.toJson(otherSubcommittee)
                            + "}")))
        .hasMessageContaining("subcommittee 1");
  }

  @Test
  void syncSubscriptionsCarryPositionsAndUntilEpoch() {
    final PostSyncCommitteeSubscriptions request =
        new PostSyncCommitteeSubscriptions(
            List.of(new SyncCommitteeSubscription(9, List.of(3L, 130L), 512)));
    assertThat(request.form().path()).isEqualTo("/eth/v1/validator/sync_committee_subscriptions");
    assertThat(body(request.form()))
        .isEqualTo(
            "[{\"validator_index\":\"9\",\"sync_committee_indices\":[\"3\",\"130\"],"
                + "\"until_epoch\":\"512\"}]");
  }
}
