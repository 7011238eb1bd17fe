package io.dvc.node.beacon.api;

import static io.dvc.node.beacon.api.Recorded.pubkey;
import static io.dvc.node.beacon.api.Recorded.root;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconApiException;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The reading contract of every request: whatever a beacon node answers (mutated recorded answers,
 * any status), {@code read} returns a value or throws {@link BeaconApiException}, never another
 * exception, so that the client counts it as that node's failure.
 */
class AnswerReadingProperties {
  private record Edit(int position, String text, boolean truncate) {}

  private record Case(BeaconRequest<?> request, String answer) {}

  private static final String ATTESTER =
      "{\"dependent_root\":\""
          + root(1)
          + "\",\"data\":[{\"pubkey\":\""
          + pubkey(4)
          + "\",\"validator_index\":\"4\",\"committee_index\":\"1\",\"committee_length\":\"4\","
          + "\"committees_at_slot\":\"2\",\"validator_committee_index\":\"0\",\"slot\":\"24\"}]}";

  private static final List<Case> CASES =
      List.of(
          new Case(
              new GetGenesis(),
              "{\"data\":{\"genesis_time\":\"1\",\"genesis_validators_root\":\""
                  + root(2)
                  + "\",\"genesis_fork_version\":\"0x00000000\"}}"),
          new Case(
              new GetSpec(), "{\"data\":{\"SECONDS_PER_SLOT\":\"12\",\"SLOTS_PER_EPOCH\":\"32\"}}"),
          new Case(
              new GetSyncing(),
              "{\"data\":{\"head_slot\":\"1\",\"sync_distance\":\"0\",\"is_syncing\":false,"
                  + "\"is_optimistic\":false,\"el_offline\":false}}"),
          new Case(new GetNodeVersion(), "{\"data\":{\"version\":\"x/1\"}}"),
          new Case(
              new PostStateValidators(List.of("7")),
              "{\"data\":[{\"index\":\"7\",\"status\":\"active_ongoing\",\"validator\":{\"pubkey\":\""
                  + pubkey(7)
                  + "\"}}]}"),
          new Case(new PostAttesterDuties(3, List.of(4L), 8), ATTESTER),
          new Case(
              new GetProposerDuties(3, 8),
              "{\"dependent_root\":\""
                  + root(1)
                  + "\",\"data\":[{\"pubkey\":\""
                  + pubkey(4)
                  + "\",\"validator_index\":\"4\",\"slot\":\"24\"}]}"),
          new Case(
              new PostSyncDuties(3, List.of(4L), 32),
              "{\"data\":[{\"pubkey\":\""
                  + pubkey(4)
                  + "\",\"validator_index\":\"4\",\"validator_sync_committee_indices\":[\"1\"]}]}"),
          new Case(
              new PostLiveness(3, List.of(4L)), "{\"data\":[{\"index\":\"4\",\"is_live\":true}]}"),
          new Case(
              new GetAttestationData(100, 0, 32),
              "{\"data\":{\"slot\":\"100\",\"index\":\"0\",\"beacon_block_root\":\""
                  + root(3)
                  + "\",\"source\":{\"epoch\":\"2\",\"root\":\""
                  + root(4)
                  + "\"},\"target\":{\"epoch\":\"3\",\"root\":\""
                  + root(5)
                  + "\"}}}"),
          new Case(
              SubmitAttestations.singles(
                  ForkName.ELECTRA, List.of(), Schemas.MAINNET.singleAttestation),
              "{\"code\":400,\"message\":\"m\",\"failures\":[{\"index\":\"0\",\"message\":\"x\"}]}"));

  @Provide
  Arbitrary<List<Edit>> edits() {
    final Arbitrary<Edit> edit =
        Combinators.combine(
                Arbitraries.integers().between(0, 400),
                Arbitraries.of(
                    "",
                    "{",
                    "}",
                    "[",
                    "]",
                    ",",
                    ":",
                    "\"",
                    "\\",
                    "0x",
                    "-1",
                    "1e9",
                    "null",
                    "true",
                    "18446744073709551616",
                    "\"\"",
                    "[]",
                    "{}",
                    "\u0000",
                    "\n",
                    "\uD800"),
                Arbitraries.of(false, false, false, true))
            .as(Edit::new);
    return edit.list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 250)
  void everyAnswerIsAValueOrABeaconApiException(
      @ForAll("edits") final List<Edit> edits,
      @ForAll("cases") final int which,
      @ForAll("statuses") final int status) {
    final Case c = CASES.get(which);
    String text = c.answer();
    for (final Edit edit : edits) {
      final int at = Math.min(edit.position(), text.length());
      text =
          edit.truncate()
              ? text.substring(0, at)
              : text.substring(0, at) + edit.text() + text.substring(at);
    }
    final BeaconAnswer answer =
        new BeaconAnswer(Recorded.NODE, status, Map.of(), text.getBytes(StandardCharsets.UTF_8));
    try {
      assertThat((Object) c.request().read(answer)).isNotNull();
    } catch (final BeaconApiException expected) {
      assertThat(expected.getMessage()).startsWith(Recorded.NODE).doesNotContain("\n");
    }
  }

  @Provide
  Arbitrary<Integer> cases() {
    return Arbitraries.integers().between(0, CASES.size() - 1);
  }

  @Provide
  Arbitrary<Integer> statuses() {
    return Arbitraries.of(200, 200, 200, 400, 404, 500);
  }
}
