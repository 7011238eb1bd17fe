package io.dvc.node.beacon.api;

import static io.dvc.node.beacon.api.Recorded.NODE;
import static io.dvc.node.beacon.api.Recorded.answer;
import static io.dvc.node.beacon.api.Recorded.body;
import static io.dvc.node.beacon.api.Recorded.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.node.beacon.BeaconApiException;
import io.dvc.spec.ssz.Bytes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The liveness monitor's requests: attestation rewards, block headers, finality checkpoints. */
class MonitorRequestsTest {
  private static final String REWARDS =
      "{\"execution_optimistic\":false,\"finalized\":false,\"data\":{\"ideal_rewards\":[],"
          + "\"total_rewards\":[{\"validator_index\":\"7\",\"head\":\"2000\",\"target\":\"-5000\","
          + "\"source\":\"3000\",\"inactivity\":\"0\"}%s]}}";

  @Test
  void rewardsAreReadAsSignedGweiPerValidator() {
    final PostAttestationRewards request = new PostAttestationRewards(12, List.of(7L, 8L));
    assertThat(request.form().path()).isEqualTo("/eth/v1/beacon/rewards/attestations/12");
    assertThat(body(request.form())).isEqualTo("[\"7\",\"8\"]");
    assertThat(request.read(answer(200, String.format(REWARDS, ""))))
        .containsExactly(new AttestationReward(7, 2000, -5000, 3000));
  }

  @Test
  void rewardsOfAValidatorNotAskedForOrWithABadAmountAreRefused() {
    final PostAttestationRewards request = new PostAttestationRewards(12, List.of(7L));
    assertThatThrownBy(
            () ->
                request.read(
                    answer(
                        200,
                        String.format(
                            REWARDS,
                            ",{\"validator_index\":\"9\",\"head\":\"0\",\"target\":\"0\",\"source\":\"0\"}"))))
        .isInstanceOf(BeaconApiException.class)
        .hasMessageContaining("validator 9 not asked for");
    assertThatThrownBy(
            () ->
                request.read(
                    answer(200, String.format(REWARDS, "").replace("\"2000\"", "\"2e3\""))))
        .hasMessageStartingWith(NODE + "/eth/v1/beacon/rewards/attestations/{epoch}:")
        .hasMessageContaining("head is not a Gwei amount");
    assertThatThrownBy(() -> request.read(answer(400, "{\"code\":400,\"message\":\"not yet\"}")))
        .hasMessageContaining("HTTP 400 not yet");
  }

  @Test
  void aSlotWithoutBlockIsEmptyAndAHeaderOfAnotherSlotIsRefused() {
    final String header =
        "{\"data\":{\"root\":\""
            + root(0x11)
            + "\",\"canonical\":true,\"header\":{\"message\":{\"slot\":\"%s\",\"proposer_index\":\"5\","
            + "\"parent_root\":\""
            + root(1)
            + "\",\"state_root\":\""
            + root(2)
            + "\",\"body_root\":\""
            + root(3)
            + "\"},\"signature\":\"0x00\"}}}";
    assertThat(new GetBlockHeader(40).read(answer(200, String.format(header, "40"))))
        .contains(new BlockHeaderInfo(40, 5, Bytes.fromHex(root(0x11))));
    assertThat(new GetBlockHeader(41).read(answer(404, "{\"code\":404,\"message\":\"no block\"}")))
        .isEqualTo(Optional.empty());
    assertThatThrownBy(() -> new GetBlockHeader(41).read(answer(200, String.format(header, "40"))))
        .hasMessageContaining("header of slot 40 for slot 41");
  }

  @Test
  void finalityCheckpointsGiveJustifiedAndFinalizedEpochs() {
    final String json =
        "{\"data\":{\"previous_justified\":{\"epoch\":\"8\",\"root\":\"%1$s\"},"
            + "\"current_justified\":{\"epoch\":\"%2$s\",\"root\":\"%1$s\"},"
            + "\"finalized\":{\"epoch\":\"%3$s\",\"root\":\"%1$s\"}}}";
    assertThat(
            new GetFinalityCheckpoints().read(answer(200, String.format(json, root(1), "9", "8"))))
        .isEqualTo(new FinalityCheckpoints(9, 8));
    assertThatThrownBy(
            () ->
                new GetFinalityCheckpoints()
                    .read(answer(200, String.format(json, root(1), "7", "8"))))
        .hasMessageContaining("finalized epoch after the justified epoch");
  }
}
