package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shapes, status codes and bad input of the read endpoints, duties and subscriptions. */
@Timeout(60)
class BeaconApiEndpointsTest {
  // 4 + 124 = 128 validators, minimal preset: 128 / 8 / 4 = 4 committees per slot (the maximum)
  private final SimFixture fx = new SimFixture(4, 124, Preset.MINIMAL, ForkName.ELECTRA);

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void genesisAndConfigDescribeTheChain() {
    final JsonNode genesis = fx.http.get("/eth/v1/beacon/genesis").body().get("data");
    assertThat(genesis.get("genesis_fork_version").asText()).isEqualTo("0x10000910");
    assertThat(genesis.get("genesis_time").asLong()).isEqualTo(SimFixture.START_MILLIS / 1000);
    final JsonNode spec = fx.http.get("/eth/v1/config/spec").body().get("data");
    assertThat(spec.get("PRESET_BASE").asText()).isEqualTo("minimal");
    assertThat(spec.get("SLOTS_PER_EPOCH").asText()).isEqualTo("8");
    assertThat(spec.get("SECONDS_PER_SLOT").asText()).isEqualTo("1");
    assertThat(spec.get("ELECTRA_FORK_VERSION").asText()).isEqualTo("0x15000910");
    assertThat(spec.get("ELECTRA_FORK_EPOCH").asText()).isEqualTo("0");
    assertThat(spec.get("FULU_FORK_EPOCH").asText()).isEqualTo("18446744073709551615");
    assertThat(spec.get("DOMAIN_BEACON_ATTESTER").asText()).isEqualTo("0x01000000");
    spec.fields().forEachRemaining(e -> assertThat(e.getValue().isTextual()).isTrue());
    assertThat(fx.schedule.forkAt(0)).isEqualTo(ForkName.ELECTRA);
    final JsonNode fork = fx.http.get("/eth/v1/beacon/states/head/fork").body();
    assertThat(fork.at("/data/current_version").asText()).isEqualTo("0x15000910");
    assertThat(fork.at("/data/previous_version").asText()).isEqualTo("0x14000910");
    assertThat(fork.get("execution_optimistic").asBoolean()).isFalse();
  }

  @Test
  void nodeEndpoints() {
    fx.atSlot(5);
    final JsonNode syncing = fx.http.get("/eth/v1/node/syncing").body().get("data");
    assertThat(syncing.get("head_slot").asText()).isEqualTo("5");
    assertThat(syncing.get("is_syncing").asBoolean()).isFalse();
    assertThat(fx.http.get("/eth/v1/node/version").body().at("/data/version").asText())
        .startsWith("dvc-beacon-sim/");
    final SimHttp.Response health = fx.http.get("/eth/v1/node/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.raw()).isEmpty();
  }

  @Test
  void validatorsByGetAndPost() {
    final String pubkey = fx.keys.get(2).publicKey().toHex();
    final JsonNode byGet =
        fx.http.get("/eth/v1/beacon/states/head/validators?id=0&id=" + pubkey + ",99999").body();
    assertThat(byGet.get("data")).hasSize(2);
    assertThat(byGet.at("/data/0/index").asText()).isEqualTo("0");
    assertThat(byGet.at("/data/1/validator/pubkey").asText()).isEqualTo(pubkey);
    assertThat(byGet.at("/data/1/status").asText()).isEqualTo("active_ongoing");
    final JsonNode byPost =
        fx.http
            .post(
                "/eth/v1/beacon/states/head/validators",
                "{\"ids\":[\"" + pubkey + "\"],\"statuses\":[\"active_ongoing\"]}")
            .body();
    assertThat(byPost.at("/data/0/index").asText()).isEqualTo("2");
    final JsonNode exited =
        fx.http
            .post(
                "/eth/v1/beacon/states/head/validators",
                "{\"ids\":[\"1\"],\"statuses\":[\"exited\"]}")
            .body();
    assertThat(exited.get("data")).isEmpty();
    assertThat(fx.http.get("/eth/v1/beacon/states/head/validators").body().get("data"))
        .hasSize(128);
    assertThat(fx.http.get("/eth/v1/beacon/states/nonsense/validators").status()).isEqualTo(400);
    assertThat(fx.http.get("/eth/v1/beacon/states/head/validators?id=zz").status()).isEqualTo(400);
    assertThat(fx.http.get("/eth/v1/beacon/states/999/fork").status()).isEqualTo(404);
  }

  @Test
  void attesterDutiesPutEveryValidatorInExactlyOneCommitteeSeat() {
    final int[] all = IntStream.range(0, 128).toArray();
    final JsonNode duties = fx.duties(1, all);
    assertThat(duties.get("data")).hasSize(128);
    final Set<String> seats = new HashSet<>();
    for (final JsonNode duty : duties.get("data")) {
      // get_committee_count_per_slot: max(1, min(MAX_COMMITTEES_PER_SLOT 4, 128 / 8 / 4))
      assertThat(SimFixture.uint(duty, "committees_at_slot")).isEqualTo(4);
      assertThat(SimFixture.uint(duty, "committee_length")).isEqualTo(4);
      assertThat(SimFixture.uint(duty, "slot")).isBetween(8L, 15L);
      seats.add(
          duty.get("slot").asText()
              + "/"
              + duty.get("committee_index").asText()
              + "/"
              + duty.get("validator_committee_index").asText());
    }
    assertThat(seats).hasSize(128);
    // the shuffle differs between epochs
    assertThat(fx.duties(0, all).get("data").toString())
        .isNotEqualTo(duties.get("data").toString());
    assertThat(fx.duties(1, all).toString()).isEqualTo(duties.toString());
  }

  @Test
  void dependentRootsAndEpochLimits() {
    fx.atSlot(17); // epoch 2
    final String genesisRoot =
        fx.http.get("/eth/v1/beacon/headers/genesis").body().at("/data/root").asText();
    final String lastOfEpoch0 = fx.rootAt(7);
    final String lastOfEpoch1 = fx.rootAt(15);
    assertThat(fx.duties(1, 0).get("dependent_root").asText()).isEqualTo(genesisRoot);
    assertThat(fx.duties(2, 0).get("dependent_root").asText()).isEqualTo(lastOfEpoch0);
    assertThat(fx.duties(3, 0).get("dependent_root").asText()).isEqualTo(lastOfEpoch1);
    assertThat(fx.http.post("/eth/v1/validator/duties/attester/4", "[\"0\"]").status())
        .isEqualTo(400);
    assertThat(fx.http.post("/eth/v1/validator/duties/attester/2", "[\"128\"]").status())
        .isEqualTo(400);
    final JsonNode proposers = fx.http.get("/eth/v1/validator/duties/proposer/2").body();
    assertThat(proposers.get("data")).hasSize(8);
    assertThat(proposers.get("dependent_root").asText()).isEqualTo(lastOfEpoch1);
    // headers chain: the parent_root of the first own block from slot 16 on is the block before
    long own = 16;
    while (fx.sim.chain().isClusterSlot(own)) {
      own++;
    }
    final JsonNode header = fx.http.get("/eth/v1/beacon/headers/" + own).body();
    assertThat(header.at("/data/header/message/parent_root").asText())
        .isEqualTo(fx.rootAt(own - 1));
    assertThat(header.at("/data/header/message/proposer_index").asText())
        .isEqualTo(proposers.at("/data/" + (own - 16) + "/validator_index").asText());
    assertThat(
            fx.http
                .get("/eth/v1/beacon/headers/head")
                .body()
                .at("/data/header/message/slot")
                .asText())
        .isEqualTo(Long.toString(lastOwnSlot(17)));
  }

  /** The latest slot at or before {@code slot} with the simulator's own block. */
  private long lastOwnSlot(final long slot) {
    long own = slot;
    while (own > 0 && fx.sim.chain().isClusterSlot(own)) {
      own--;
    }
    return own;
  }

  @Test
  void attestationDataFollowsJustification() {
    fx.atSlot(20); // epoch 2: source = boundary of epoch 1, target = boundary of epoch 2
    final String boundary1 = fx.rootAt(8);
    final String boundary2 = fx.rootAt(16);
    final JsonNode data =
        fx.http
            .get("/eth/v1/validator/attestation_data?slot=20&committee_index=3")
            .body()
            .get("data");
    assertThat(data.get("index").asText()).isEqualTo("0");
    assertThat(data.at("/source/epoch").asText()).isEqualTo("1");
    assertThat(data.at("/source/root").asText()).isEqualTo(boundary1);
    assertThat(data.at("/target/epoch").asText()).isEqualTo("2");
    assertThat(data.at("/target/root").asText()).isEqualTo(boundary2);
    final JsonNode early =
        fx.http
            .get("/eth/v1/validator/attestation_data?slot=3&committee_index=0")
            .body()
            .get("data");
    assertThat(early.at("/source/epoch").asText()).isEqualTo("0");
    assertThat(early.at("/source/root").asText()).isEqualTo("0x" + "00".repeat(32));
    assertThat(fx.http.get("/eth/v1/validator/attestation_data?slot=20").status()).isEqualTo(400);
    assertThat(fx.http.get("/eth/v1/validator/attestation_data?slot=20&committee_index=4").status())
        .isEqualTo(400);
    final JsonNode finality =
        fx.http.get("/eth/v1/beacon/states/head/finality_checkpoints").body().get("data");
    assertThat(finality.at("/current_justified/root").asText()).isEqualTo(boundary1);
  }

  @Test
  void syncDutiesAndSubscriptions() {
    final JsonNode sync =
        fx.http
            .post(
                "/eth/v1/validator/duties/sync/0",
                "["
                    + String.join(
                        ",", IntStream.range(0, 128).mapToObj(i -> "\"" + i + "\"").toList())
                    + "]")
            .body();
    int positions = 0;
    for (final JsonNode duty : sync.get("data")) {
      positions += duty.get("validator_sync_committee_indices").size();
    }
    assertThat(positions).isEqualTo(32); // SYNC_COMMITTEE_SIZE of the minimal preset
    assertThat(fx.http.post("/eth/v1/validator/duties/sync/1000", "[\"0\"]").status())
        .isEqualTo(400);
    final String subscription =
        "[{\"validator_index\":\"1\",\"committee_index\":\"0\",\"committees_at_slot\":\"4\","
            + "\"slot\":\"3\",\"is_aggregator\":false}]";
    assertThat(
            fx.http.post("/eth/v1/validator/beacon_committee_subscriptions", subscription).status())
        .isEqualTo(200);
    final SimHttp.Response bad =
        fx.http.post("/eth/v1/validator/beacon_committee_subscriptions", "[{\"slot\":3}]");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("message").asText()).contains("validator_index");
  }

  @Test
  void malformedBodiesGet400WithAClearMessageAndTheServerCarriesOn() {
    final SimHttp.Response broken =
        fx.http.post(
            "/eth/v2/beacon/pool/attestations",
            "[{\"aggregation_bits\": ",
            Map.of("Eth-Consensus-Version", "electra"));
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.body().get("code").asInt()).isEqualTo(400);
    assertThat(broken.body().get("message").asText()).startsWith("malformed JSON body");
    final SimHttp.Response notArray =
        fx.http.post("/eth/v1/validator/duties/attester/0", "{\"a\":1}");
    assertThat(notArray.status()).isEqualTo(400);
    assertThat(notArray.body().get("message").asText()).contains("JSON array");
    final SimHttp.Response badElement =
        fx.http.post(
            "/eth/v2/beacon/pool/attestations",
            "[{\"committee_index\":\"x\"}]",
            Map.of("Eth-Consensus-Version", "electra"));
    assertThat(badElement.status()).isEqualTo(400);
    assertThat(badElement.body().at("/failures/0/message").asText())
        .startsWith("malformed attestation");
    assertThat(fx.summary().at("/attestations/rejected_by_reason/malformed").asLong()).isEqualTo(1);
    assertThat(fx.http.post("/eth/v1/validator/duties/attester/0", "").status()).isEqualTo(400);
    assertThat(fx.http.get("/eth/v1/beacon/genesis").status()).isEqualTo(200);
  }

  @Test
  void unknownPathsAre404AndWrongMethods405() {
    final SimHttp.Response unknown = fx.http.get("/eth/v1/no/such/thing");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("code").asInt()).isEqualTo(404);
    assertThat(fx.http.get("/eth/v1/validator/duties/attester/0").status()).isEqualTo(405);
    assertThat(fx.http.get("/eth/v1/validator/duties/attester/abc").status()).isEqualTo(400);
  }
}
