package io.dvc.node.beacon.api;

import static io.dvc.node.beacon.api.Recorded.answer;
import static io.dvc.node.beacon.api.Recorded.body;
import static io.dvc.node.beacon.api.Recorded.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.node.beacon.BeaconApiException;
import io.dvc.node.beacon.FailoverBeaconClient;
import io.dvc.node.beacon.ManualRunner;
import io.dvc.node.beacon.NodeResult;
import io.dvc.node.beacon.ScriptedBeaconNode;
import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Checkpoint;
import io.dvc.spec.types.Phase0Attestation;
import io.dvc.spec.types.SingleAttestation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AttestationRequestsTest {
  private static final long SLOTS_PER_EPOCH = 32;
  private static final Schemas SCHEMAS = Schemas.MAINNET;
  private static final AttestationData DATA =
      new AttestationData(
          100,
          0,
          Bytes.fromHex(root(0xaa)),
          new Checkpoint(2, Bytes.fromHex(root(0xbb))),
          new Checkpoint(3, Bytes.fromHex(root(0xcc))));

  private static String dataJson(final AttestationData data) {
    return "{\"data\":" + SCHEMAS.attestationData.toJson(data) + "}";
  }

  private static FailoverBeaconClient client(final ScriptedBeaconNode... nodes) {
    final ManualRunner runner = new ManualRunner();
    return new FailoverBeaconClient(
        List.of(nodes),
        runner,
        runner::nanoTime,
        FailoverBeaconClient.Options.forTimeout(Duration.ofSeconds(2)));
  }

  @Test
  void attestationDataForTheSlotIsRead() {
    final GetAttestationData request = new GetAttestationData(100, 0, SLOTS_PER_EPOCH);
    assertThat(request.form().pathAndQuery())
        .isEqualTo("/eth/v1/validator/attestation_data?slot=100&committee_index=0");
    assertThat(request.read(answer(200, dataJson(DATA)))).isEqualTo(DATA);
  }

  @Test
  void electraDataWithIndexZeroAnswersAnyCommittee() {
    assertThat(new GetAttestationData(100, 5, SLOTS_PER_EPOCH).read(answer(200, dataJson(DATA))))
        .isEqualTo(DATA);
  }

  /** Audit finding 4: data for the wrong slot from the first node is that node's failure. */
  @Test
  void attestationDataForAnotherSlotIsRefusedAndTheNextNodeAnswers() {
    final AttestationData wrong =
        new AttestationData(99, 0, DATA.beaconBlockRoot(), DATA.source(), DATA.target());
    final GetAttestationData request = new GetAttestationData(100, 0, SLOTS_PER_EPOCH);
    assertThatThrownBy(() -> request.read(answer(200, dataJson(wrong))))
        .isInstanceOf(BeaconApiException.class)
        .hasMessageEndingWith("data is for slot 99, asked for 100");

    final ScriptedBeaconNode first =
        new ScriptedBeaconNode("http://first").answering(200, dataJson(wrong));
    final ScriptedBeaconNode second =
        new ScriptedBeaconNode("http://second").answering(200, dataJson(DATA));
    assertThat(client(first, second).call(request).join()).isEqualTo(DATA);
  }

  @Test
  void attestationDataWithATargetOutsideTheSlotsEpochIsRefused() {
    final AttestationData wrong =
        new AttestationData(
            100, 0, DATA.beaconBlockRoot(), DATA.source(), new Checkpoint(4, DATA.target().root()));
    assertThatThrownBy(
            () ->
                new GetAttestationData(100, 0, SLOTS_PER_EPOCH).read(answer(200, dataJson(wrong))))
        .hasMessageEndingWith("target epoch 4 is not 3");
  }

  private static SubmitAttestations electra(final int count) {
    final SingleAttestation single =
        new SingleAttestation(1, 42, DATA, Bytes.fromHex("0x" + "c0" + "00".repeat(95)));
    return SubmitAttestations.singles(
        ForkName.ELECTRA, java.util.Collections.nCopies(count, single), SCHEMAS.singleAttestation);
  }

  private static SubmitAttestations deneb() {
    final Attestation attestation =
        new Phase0Attestation(Bits.of(4, 1), DATA, Bytes.fromHex("0x" + "c0" + "00".repeat(95)));
    return SubmitAttestations.phase0(
        ForkName.DENEB, List.of(attestation, attestation), SCHEMAS.phase0Attestation);
  }

  @Test
  void electraAttestationsGoToV2WithTheConsensusVersionAndHaveNoOlderForm() {
    final SubmitAttestations request = electra(1);
    assertThat(request.form().pathAndQuery()).isEqualTo("/eth/v2/beacon/pool/attestations");
    assertThat(request.form().headers()).containsEntry("Eth-Consensus-Version", "electra");
    assertThat(body(request.form()))
        .startsWith("[{\"committee_index\":\"1\",\"attester_index\":\"42\"");
    assertThat(request.olderForm()).isEmpty();
  }

  /** Issue 13: a node without the v2 pool endpoint gets the v1 form, before Electra only. */
  @Test
  void preElectraAttestationsFallBackToV1OnANodeWithoutV2() {
    final ScriptedBeaconNode old =
        new ScriptedBeaconNode("http://old")
            .behaving(
                form ->
                    CompletableFuture.completedFuture(
                        form.path().startsWith("/eth/v2")
                            ? answer(
                                404,
                                "{\"message\":\"Route POST:/eth/v2/beacon/pool/attestations not"
                                    + " found\",\"error\":\"Not Found\",\"statusCode\":404}")
                            : answer(200, "")));
    assertThat(client(old).call(deneb()).join()).isEqualTo(SubmitResult.ACCEPTED);
    assertThat(old.askedPaths())
        .containsExactly(
            "POST /eth/v2/beacon/pool/attestations", "POST /eth/v1/beacon/pool/attestations");
    assertThat(old.asked().get(1).headers()).doesNotContainKey("Eth-Consensus-Version");
    assertThat(body(old.asked().get(1))).isEqualTo(body(old.asked().get(0)));
  }

  @Test
  void aBadRequestListingFailuresRejectsOnlyThoseElements() {
    final SubmitResult result =
        electra(3)
            .read(
                answer(
                    400,
                    "{\"code\":400,\"message\":\"some failed\",\"failures\":"
                        + "[{\"index\":1,\"message\":\"bad signature\\nforged\"}]}"));
    assertThat(result.rejected()).isEqualTo(Map.of(1, "bad signature\\nforged"));
  }

  /** Issue 13: Lodestar 1.5.1 refuses the cluster's second submission of the same attestation. */
  @Test
  void aDuplicateOfWhatTheNodeAlreadyHasCountsAsAccepted() {
    assertThat(
            electra(1)
                .read(
                    answer(
                        500,
                        "{\"statusCode\":500,\"error\":\"Internal Server Error\",\"message\":"
                            + "\"PublishError.Duplicate\"}")))
        .isEqualTo(SubmitResult.ACCEPTED);
    assertThat(
            electra(3)
                .read(
                    answer(
                        400,
                        "{\"code\":400,\"message\":\"some failed\",\"failures\":["
                            + "{\"index\":0,\"message\":\"ATTESTATION_ERROR_ATTESTATION_ALREADY_KNOWN\"},"
                            + "{\"index\":2,\"message\":\"ATTESTATION_ERROR_INVALID_SIGNATURE\"}]}"))
                .rejected())
        .isEqualTo(Map.of(2, "ATTESTATION_ERROR_INVALID_SIGNATURE"));
    assertThatThrownBy(
            () ->
                electra(1)
                    .read(
                        answer(
                            500,
                            "{\"statusCode\":500,\"message\":\"ATTESTATION_ERROR_INVALID_SIGNATURE\"}")))
        .isInstanceOf(BeaconApiException.class)
        .hasMessageContaining("HTTP 500");
  }

  @Test
  void failuresPointingOutsideTheArrayMakeTheAnswerAFailure() {
    assertThatThrownBy(
            () ->
                electra(3)
                    .read(
                        answer(
                            400,
                            "{\"code\":400,\"message\":\"x\",\"failures\":[{\"index\":3,\"message\":\"y\"}]}")))
        .isInstanceOf(BeaconApiException.class)
        .hasMessageContaining("HTTP 400 x");
  }

  @Test
  void anElementFailsOnlyWhenEveryNodeThatAnsweredRejectedIt() {
    final SubmitAttestations request = electra(3);
    final SubmitResult merged =
        request.merge(
            List.of(
                NodeResult.ok("a", new SubmitResult(Map.of(0, "x", 1, "y")), 1),
                NodeResult.ok("b", new SubmitResult(Map.of(1, "z", 2, "w")), 1),
                NodeResult.failed("c", "c: down", 1)));
    assertThat(merged.rejected()).isEqualTo(Map.of(1, "y"));
    assertThatThrownBy(
            () ->
                request.merge(
                    List.of(
                        NodeResult.failed("a", "a: down", 1),
                        NodeResult.failed("b", "b: down", 1))))
        .hasMessage("every beacon node refused /eth/v2/beacon/pool/attestations: a: down; b: down");
  }

  @Test
  void submittingToTwoNodesMergesTheirAnswers() {
    final ScriptedBeaconNode a =
        new ScriptedBeaconNode("http://a")
            .answering(
                400,
                "{\"code\":400,\"message\":\"m\",\"failures\":[{\"index\":\"0\",\"message\":\"old\"}]}");
    final ScriptedBeaconNode b = new ScriptedBeaconNode("http://b").answering(200, "");
    assertThat(client(a, b).call(electra(2)).join()).isEqualTo(SubmitResult.ACCEPTED);
  }

  @Test
  void committeeSubscriptionsAndProposerPreparationsAreSentInTheSpecsJson() {
    assertThat(
            body(
                new PostCommitteeSubscriptions(
                        List.of(new BeaconCommitteeSubscription(4, 1, 2, 100, false)))
                    .form()))
        .isEqualTo(
            "[{\"validator_index\":\"4\",\"committee_index\":\"1\",\"committees_at_slot\":\"2\","
                + "\"slot\":\"100\",\"is_aggregator\":false}]");
    final String recipient = "0x" + "ab".repeat(20);
    final PrepareBeaconProposer prepare =
        new PrepareBeaconProposer(List.of(new ProposerPreparation(4, Bytes.fromHex(recipient))));
    assertThat(prepare.form().pathAndQuery())
        .isEqualTo("/eth/v1/validator/prepare_beacon_proposer");
    assertThat(body(prepare.form()))
        .isEqualTo("[{\"validator_index\":\"4\",\"fee_recipient\":\"" + recipient + "\"}]");
    assertThat(prepare.read(answer(200, ""))).isEqualTo(Accepted.ACCEPTED);
    assertThatThrownBy(
            () ->
                new PrepareBeaconProposer(
                    List.of(new ProposerPreparation(4, Bytes.fromHex("0x01")))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
