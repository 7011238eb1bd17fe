package io.dvc.node.beacon.api;

import static io.dvc.node.beacon.api.Recorded.answer;
import static io.dvc.node.beacon.api.Recorded.body;
import static io.dvc.node.beacon.api.Recorded.pubkey;
import static io.dvc.node.beacon.api.Recorded.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.node.beacon.BeaconApiException;
import io.dvc.node.beacon.FailoverBeaconClient;
import io.dvc.node.beacon.ManualRunner;
import io.dvc.node.beacon.ScriptedBeaconNode;
import io.dvc.spec.ssz.Bytes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DutyRequestsTest {
  private static final long SLOTS_PER_EPOCH = 8; // minimal preset

  private static String attesterDuty(final long validator, final long slot, final long position) {
    return "{\"pubkey\":\""
        + pubkey((int) validator)
        + "\",\"validator_index\":\""
        + validator
        + "\",\"committee_index\":\"1\",\"committee_length\":\"4\",\"committees_at_slot\":\"2\","
        + "\"validator_committee_index\":\""
        + position
        + "\",\"slot\":\""
        + slot
        + "\"}";
  }

  private static String duties(final String... entries) {
    return "{\"dependent_root\":\""
        + root(0xd0)
        + "\",\"execution_optimistic\":false,\"data\":["
        + String.join(",", entries)
        + "]}";
  }

  @Test
  void attesterDutiesArePostedForTheEpochAndRead() {
    final PostAttesterDuties request = new PostAttesterDuties(3, List.of(4L, 5L), SLOTS_PER_EPOCH);
    assertThat(request.form().pathAndQuery()).isEqualTo("/eth/v1/validator/duties/attester/3");
    assertThat(body(request.form())).isEqualTo("[\"4\",\"5\"]");
    assertThat(request.endpoint()).isEqualTo("/eth/v1/validator/duties/attester/{epoch}");
    final AttesterDuties duties =
        request.read(answer(200, duties(attesterDuty(4, 24, 0), attesterDuty(5, 31, 3))));
    assertThat(duties.dependentRoot()).isEqualTo(Bytes.fromHex(root(0xd0)));
    assertThat(duties.duties())
        .containsExactly(
            new AttesterDuty(Bytes.fromHex(pubkey(4)), 4, 1, 4, 2, 0, 24),
            new AttesterDuty(Bytes.fromHex(pubkey(5)), 5, 1, 4, 2, 3, 31));
  }

  @Test
  void anAttesterDutyOutsideTheEpochIsRefused() {
    final PostAttesterDuties request = new PostAttesterDuties(3, List.of(4L), SLOTS_PER_EPOCH);
    assertThatThrownBy(() -> request.read(answer(200, duties(attesterDuty(4, 32, 0)))))
        .isInstanceOf(BeaconApiException.class)
        .hasMessageEndingWith("duty of validator 4 is at slot 32, not in epoch 3");
  }

  @Test
  void anAttesterDutyOfAValidatorNotAskedForIsRefused() {
    final PostAttesterDuties request = new PostAttesterDuties(3, List.of(4L), SLOTS_PER_EPOCH);
    assertThatThrownBy(() -> request.read(answer(200, duties(attesterDuty(6, 24, 0)))))
        .hasMessageEndingWith("duty of validator 6: validator not asked for");
  }

  @Test
  void anAttesterDutyOutsideItsCommitteeIsRefused() {
    final PostAttesterDuties request = new PostAttesterDuties(3, List.of(4L), SLOTS_PER_EPOCH);
    assertThatThrownBy(() -> request.read(answer(200, duties(attesterDuty(4, 24, 4)))))
        .hasMessageEndingWith("position outside its committee");
  }

  @Test
  void attesterDutiesWithoutADependentRootAreRefused() {
    final PostAttesterDuties request = new PostAttesterDuties(3, List.of(4L), SLOTS_PER_EPOCH);
    assertThatThrownBy(
            () -> request.read(answer(200, "{\"data\":[" + attesterDuty(4, 24, 0) + "]}")))
        .hasMessageEndingWith("answer has no 'dependent_root' field");
  }

  private static String proposerDuties(final long firstSlot) {
    final StringBuilder entries = new StringBuilder();
    for (long slot = firstSlot; slot < firstSlot + SLOTS_PER_EPOCH; slot++) {
      entries
          .append(entries.length() == 0 ? "" : ",")
          .append("{\"pubkey\":\"")
          .append(pubkey((int) slot))
          .append("\",\"validator_index\":\"")
          .append(slot % 8)
          .append("\",\"slot\":\"")
          .append(slot)
          .append("\"}");
    }
    return duties(entries.toString());
  }

  @Test
  void proposerDutiesOfTheEpochAreRead() {
    final GetProposerDuties request = new GetProposerDuties(3, SLOTS_PER_EPOCH);
    assertThat(request.form().pathAndQuery()).isEqualTo("/eth/v1/validator/duties/proposer/3");
    final ProposerDuties duties = request.read(answer(200, proposerDuties(24)));
    assertThat(duties.duties()).hasSize(8);
    assertThat(duties.duties().get(0))
        .isEqualTo(new ProposerDuty(Bytes.fromHex(pubkey(24)), 0, 24));
  }

  /**
   * Lodestar 1.5.1 answers a next-epoch request with the current epoch's slots: refused, and the
   * next beacon node's right answer is used.
   */
  @Test
  void nextEpochProposerDutiesWithCurrentEpochSlotsAreRefusedAndAnotherNodeAsked() {
    final GetProposerDuties request = new GetProposerDuties(3, SLOTS_PER_EPOCH);
    assertThatThrownBy(() -> request.read(answer(200, proposerDuties(16))))
        .isInstanceOf(BeaconApiException.class)
        .hasMessageEndingWith("proposer duty at slot 16 is not in epoch 3");

    final ScriptedBeaconNode lodestar = new ScriptedBeaconNode("http://lodestar");
    lodestar.answering(200, proposerDuties(16));
    final ScriptedBeaconNode other = new ScriptedBeaconNode("http://other");
    other.answering(200, proposerDuties(24));
    final ManualRunner runner = new ManualRunner();
    final FailoverBeaconClient client =
        new FailoverBeaconClient(
            List.of(lodestar, other),
            runner,
            runner::nanoTime,
            FailoverBeaconClient.Options.forTimeout(Duration.ofSeconds(2)));
    assertThat(client.call(request).join().duties().get(0).slot()).isEqualTo(24);
  }

  @Test
  void twoProposersForOneSlotAreRefused() {
    final GetProposerDuties request = new GetProposerDuties(3, SLOTS_PER_EPOCH);
    final String twice =
        duties(
            "{\"pubkey\":\"" + pubkey(1) + "\",\"validator_index\":\"1\",\"slot\":\"25\"}",
            "{\"pubkey\":\"" + pubkey(2) + "\",\"validator_index\":\"2\",\"slot\":\"25\"}");
    assertThatThrownBy(() -> request.read(answer(200, twice)))
        .hasMessageEndingWith("two proposer duties at slot 25");
  }

  @Test
  void syncDutiesAreReadAndPositionsChecked() {
    final PostSyncDuties request = new PostSyncDuties(3, List.of(4L), 32);
    assertThat(request.form().pathAndQuery()).isEqualTo("/eth/v1/validator/duties/sync/3");
    final String good =
        "{\"execution_optimistic\":false,\"data\":[{\"pubkey\":\""
            + pubkey(4)
            + "\",\"validator_index\":\"4\",\"validator_sync_committee_indices\":[\"1\",\"17\"]}]}";
    assertThat(request.read(answer(200, good)))
        .containsExactly(new SyncDuty(Bytes.fromHex(pubkey(4)), 4, List.of(1L, 17L)));
    assertThatThrownBy(() -> request.read(answer(200, good.replace("\"17\"", "\"32\""))))
        .hasMessageEndingWith("sync duty of validator 4: position 32 outside the committee");
    assertThatThrownBy(() -> request.read(answer(200, good.replace("\"4\"", "\"5\""))))
        .hasMessageEndingWith("sync duty of validator 5: validator not asked for");
  }

  @Test
  void livenessIsReadForTheValidatorsAsked() {
    final PostLiveness request = new PostLiveness(2, List.of(4L, 5L));
    assertThat(request.form().pathAndQuery()).isEqualTo("/eth/v1/validator/liveness/2");
    assertThat(body(request.form())).isEqualTo("[\"4\",\"5\"]");
    assertThat(
            request.read(
                answer(
                    200,
                    "{\"data\":[{\"index\":\"4\",\"is_live\":true},{\"index\":\"5\",\"is_live\":false}]}")))
        .containsExactly(new ValidatorLiveness(4, true), new ValidatorLiveness(5, false));
    assertThatThrownBy(
            () -> request.read(answer(200, "{\"data\":[{\"index\":\"6\",\"is_live\":true}]}")))
        .hasMessageEndingWith("validator 6 not asked for");
  }

  @Test
  void livenessAcceptsLodestarsNumbersAndRefusesWhatIsNotAUint64() {
    final PostLiveness request = new PostLiveness(2, List.of(4L, 5L));
    assertThat(
            request.read(
                answer(
                    200,
                    "{\"data\":[{\"index\":4,\"is_live\":true},{\"index\":\"5\",\"is_live\":false}]}")))
        .containsExactly(new ValidatorLiveness(4, true), new ValidatorLiveness(5, false));
    assertThatThrownBy(
            () -> request.read(answer(200, "{\"data\":[{\"index\":-4,\"is_live\":true}]}")))
        .hasMessageEndingWith("data[0].index is not a uint64");
    assertThatThrownBy(
            () -> request.read(answer(200, "{\"data\":[{\"index\":4.5,\"is_live\":true}]}")))
        .hasMessageEndingWith("data[0].index is not a uint64");
    assertThatThrownBy(
            () -> request.read(answer(200, "{\"data\":[{\"index\":\"4\",\"is_live\":\"yes\"}]}")))
        .hasMessageEndingWith("data[0].is_live is not a boolean");
    assertThat(request.olderForm().orElseThrow().form().pathAndQuery())
        .as("the older form, for beacon nodes without the POST (Lodestar 1.5.1)")
        .isEqualTo("/eth/v1/validator/liveness?indices=4&indices=5&epoch=2");
    assertThat(request.olderForm().orElseThrow().endpoint()).isEqualTo(request.endpoint());
    assertThat(request.olderForm().orElseThrow().olderForm()).isEmpty();
  }
}
