package io.dvc.node.beacon.api;

import static io.dvc.node.beacon.api.Recorded.NODE;
import static io.dvc.node.beacon.api.Recorded.answer;
import static io.dvc.node.beacon.api.Recorded.body;
import static io.dvc.node.beacon.api.Recorded.pubkey;
import static io.dvc.node.beacon.api.Recorded.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.node.beacon.BeaconApiException;
import io.dvc.node.beacon.FailoverBeaconClient;
import io.dvc.node.beacon.HttpForm;
import io.dvc.node.beacon.ManualRunner;
import io.dvc.node.beacon.ScriptedBeaconNode;
import io.dvc.spec.ssz.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StartupRequestsTest {

  @Test
  void genesisIsReadWithItsRootAndForkVersion() {
    final Genesis genesis =
        new GetGenesis()
            .read(
                answer(
                    200,
                    "{\"data\":{\"genesis_time\":\"1606824023\",\"genesis_validators_root\":\""
                        + root(0x4b)
                        + "\",\"genesis_fork_version\":\"0x00000000\"}}"));
    assertThat(genesis)
        .isEqualTo(
            new Genesis(1606824023L, Bytes.fromHex(root(0x4b)), Bytes.fromHex("0x00000000")));
  }

  @Test
  void genesisWithAShortRootIsRefusedNamingTheField() {
    assertThatThrownBy(
            () ->
                new GetGenesis()
                    .read(
                        answer(
                            200,
                            "{\"data\":{\"genesis_time\":\"1\",\"genesis_validators_root\":\"0x00\","
                                + "\"genesis_fork_version\":\"0x00000000\"}}")))
        .isInstanceOf(BeaconApiException.class)
        .hasMessageStartingWith(NODE + "/eth/v1/beacon/genesis: data: genesis_validators_root:");
  }

  @Test
  void specNeedsItsSlotTimingKeys() {
    assertThat(
            new GetSpec()
                .read(
                    answer(
                        200, "{\"data\":{\"SECONDS_PER_SLOT\":\"12\",\"SLOTS_PER_EPOCH\":\"32\"}}"))
                .get("SLOTS_PER_EPOCH")
                .asText())
        .isEqualTo("32");
    assertThatThrownBy(
            () -> new GetSpec().read(answer(200, "{\"data\":{\"SECONDS_PER_SLOT\":\"12\"}}")))
        .hasMessageEndingWith("data has no SLOTS_PER_EPOCH");
  }

  @Test
  void syncingReadsOptionalFlagsAsFalseWhenAbsent() {
    assertThat(
            new GetSyncing()
                .read(
                    answer(
                        200,
                        "{\"data\":{\"head_slot\":\"100\",\"sync_distance\":\"0\",\"is_syncing\":false}}")))
        .isEqualTo(new SyncStatus(100, 0, false, false, false));
    assertThat(
            new GetSyncing()
                .read(
                    answer(
                        200,
                        "{\"data\":{\"head_slot\":\"100\",\"sync_distance\":\"4\",\"is_syncing\":true,"
                            + "\"is_optimistic\":true,\"el_offline\":false}}")))
        .isEqualTo(new SyncStatus(100, 4, true, true, false));
  }

  @Test
  void theNodeVersionIsEscaped() {
    assertThat(
            new GetNodeVersion()
                .read(answer(200, "{\"data\":{\"version\":\"Lodestar/v1.5.1\\nERROR forged\"}}")))
        .isEqualTo("Lodestar/v1.5.1\\nERROR forged");
  }

  @Test
  void validatorsArePostedAndReadByIndexOrPubkey() {
    final PostStateValidators request = new PostStateValidators(List.of("7", pubkey(0xab)));
    assertThat(request.form().method()).isEqualTo("POST");
    assertThat(body(request.form())).isEqualTo("{\"ids\":[\"7\",\"" + pubkey(0xab) + "\"]}");
    assertThat(request.read(answer(200, validators(entry(7, 0x01), entry(9, 0xab)))))
        .containsExactly(
            new ValidatorInfo(7, Bytes.fromHex(pubkey(0x01)), "active_ongoing"),
            new ValidatorInfo(9, Bytes.fromHex(pubkey(0xab)), "active_ongoing"));
  }

  @Test
  void aValidatorNotAskedForIsRefused() {
    final PostStateValidators request = new PostStateValidators(List.of("7"));
    assertThatThrownBy(() -> request.read(answer(200, validators(entry(8, 0x02)))))
        .isInstanceOf(BeaconApiException.class)
        .hasMessageEndingWith("data[0] is validator 8, not asked for");
  }

  @Test
  void theOlderFormIsAGetWithCommaSeparatedIds() {
    final HttpForm older =
        new PostStateValidators(List.of("7", "9")).olderForm().orElseThrow().form();
    assertThat(older.method()).isEqualTo("GET");
    assertThat(older.pathAndQuery()).isEqualTo("/eth/v1/beacon/states/head/validators?id=7&id=9");
    assertThat(new PostStateValidators(List.of("7")).olderForm().orElseThrow().olderForm())
        .isEmpty();
  }

  @Test
  void idsThatCouldBreakTheUrlAreRefusedWhenTheRequestIsMade() {
    assertThatThrownBy(() -> new PostStateValidators(List.of("7&x=1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void longIdListsAreSplitIntoChunksThatFitAGetUrl() {
    final List<String> ids = IntStream.range(0, 200).mapToObj(i -> pubkey(i)).toList();
    final List<PostStateValidators> chunks = PostStateValidators.chunks(ids);
    assertThat(chunks).hasSizeGreaterThan(1);
    final List<String> again = new ArrayList<>();
    for (final PostStateValidators chunk : chunks) {
      final String url = chunk.olderForm().orElseThrow().form().pathAndQuery();
      assertThat(url.length()).isLessThan(8192);
      again.addAll(List.of(url.substring(url.indexOf("?id=") + 4).split("&id=")));
    }
    assertThat(again).isEqualTo(ids);
  }

  /** Issue 13: Lodestar 1.5.1 answers the POST form with 404; the GET form works. */
  @Test
  void againstANodeWithoutThePostFormTheGetFormIsUsed() {
    final ScriptedBeaconNode lodestar =
        new ScriptedBeaconNode(NODE)
            .behaving(
                form ->
                    CompletableFuture.completedFuture(
                        form.method().equals("POST")
                            ? answer(
                                404,
                                "{\"message\":\"Route POST:/eth/v1/beacon/states/head/validators"
                                    + " not found\",\"error\":\"Not Found\",\"statusCode\":404}")
                            : answer(200, validators(entry(4, 0x04), entry(5, 0x05)))));
    final ManualRunner runner = new ManualRunner();
    final FailoverBeaconClient client =
        new FailoverBeaconClient(
            List.of(lodestar),
            runner,
            runner::nanoTime,
            FailoverBeaconClient.Options.forTimeout(Duration.ofSeconds(2)));
    assertThat(PostStateValidators.fetch(client, List.of("4", "5")).join())
        .extracting(ValidatorInfo::index)
        .containsExactly(4L, 5L);
    assertThat(lodestar.askedPaths())
        .containsExactly(
            "POST /eth/v1/beacon/states/head/validators",
            "GET /eth/v1/beacon/states/head/validators?id=4&id=5");
  }

  private static String entry(final int index, final int key) {
    return "{\"index\":\""
        + index
        + "\",\"balance\":\"32000000000\",\"status\":\"active_ongoing\",\"validator\":{\"pubkey\":\""
        + pubkey(key)
        + "\",\"withdrawal_credentials\":\""
        + root(0)
        + "\",\"effective_balance\":\"32000000000\",\"slashed\":false,"
        + "\"activation_eligibility_epoch\":\"0\",\"activation_epoch\":\"0\","
        + "\"exit_epoch\":\"18446744073709551615\",\"withdrawable_epoch\":\"18446744073709551615\"}}";
  }

  private static String validators(final String... entries) {
    return "{\"execution_optimistic\":false,\"finalized\":false,\"data\":["
        + String.join(",", entries)
        + "]}";
  }
}
