package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.HashedMessage;
import io.dvc.common.time.FakeTimeProvider;
import io.dvc.common.time.SlotClock;
import io.dvc.spec.ForkName;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Phase0Attestation;
import io.dvc.spec.types.SingleAttestation;
import io.dvc.spec.types.SyncCommitteeMessage;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Before the simulator serves, runs its own request path on a throw-away chain: a block proposal
 * per slot (proposer duties, produceBlockV3 with the configured blobs and builder, signing,
 * publication as JSON and, once, as SSZ), attester duties, attestation data and pool submissions of
 * freshly signed attestations (JSON parsing, checks, batch verification, inclusion records), so
 * that the first slot's requests do not run in the interpreter. Uses its own chain, ledgers and
 * keys; the real chain's records are untouched.
 */
final class SubmissionWarmUp {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ForkSchedule schedule;
  private final List<BlsSecretKey> keys;
  private final FakeTimeProvider time;
  private final BeaconApi api;
  private long submitted;
  private long accepted;
  private long blocksPublished;
  private long blocksImported;
  private long syncSubmitted;
  private long syncAccepted;

  /**
   * Attestations submitted and how many of them the pool accepted, blocks published and how many
   * became the head, sync committee messages submitted and accepted (all of them, when it works).
   */
  record Result(
      long submitted,
      long accepted,
      long blocksPublished,
      long blocksImported,
      long syncSubmitted,
      long syncAccepted) {}

  private SubmissionWarmUp(final BeaconSimConfig config, final int validators) {
    final SecureRandom random = new SecureRandom();
    this.keys = new ArrayList<>(validators);
    final List<SimValidator> simValidators = new ArrayList<>(validators);
    for (int i = 0; i < validators; i++) {
      final BlsSecretKey key = BlsSecretKey.random(random);
      keys.add(key);
      simValidators.add(new SimValidator(i, key.publicKey(), true));
    }
    final long genesisTime = 1_000_000L;
    this.schedule =
        BeaconSimulator.forkSchedule(
            config,
            SimChain.genesisValidatorsRoot(
                simValidators.stream().map(SimValidator::publicKey).toList()),
            genesisTime);
    this.time = new FakeTimeProvider(genesisTime * 1000);
    final SlotClock clock = schedule.slotClock(time);
    final SimChain chain =
        new SimChain(schedule, clock, ChainParameters.of(config.preset()), simValidators);
    this.api =
        new BeaconApi(
            chain,
            new AttestationLedger(chain),
            0,
            config.blobsPerBlock(),
            config.builder(),
            slot -> blocksImported++);
  }

  /** Submits {@code slots} slots of attestations (slots 1 to {@code slots}). */
  static Result run(final BeaconSimConfig config, final int validators, final int slots) {
    final SubmissionWarmUp warmUp = new SubmissionWarmUp(config, validators);
    try {
      for (int slot = 1; slot <= slots; slot++) {
        new BlockWarmUp(warmUp.schedule, warmUp.keys, warmUp.time, warmUp.api::handle)
            .propose(slot, slot == 1);
        warmUp.blocksPublished++;
        warmUp.submitSlot(slot);
        warmUp.submitSyncMessages(slot);
      }
      return new Result(
          warmUp.submitted,
          warmUp.accepted,
          warmUp.blocksPublished,
          warmUp.blocksImported,
          warmUp.syncSubmitted,
          warmUp.syncAccepted);
    } finally {
      warmUp.keys.forEach(BlsSecretKey::destroy);
    }
  }

  private void submitSlot(final long slot) {
    final SlotClock clock = schedule.slotClock(time);
    time.setMillis(clock.slotStartMillis(slot) + clock.millisPerSlot() / 3);
    final long epoch = slot / schedule.slotsPerEpoch();
    final ArrayNode indices = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < keys.size(); i++) {
      indices.add(Integer.toString(i));
    }
    final JsonNode duties =
        call("POST", "/eth/v1/validator/duties/attester/" + epoch, Map.of(), indices).path("data");
    final ForkName fork = schedule.forkAtSlot(slot);
    final boolean electra = fork.isAtLeast(ForkName.ELECTRA);
    final SigningRoots signingRoots = new SigningRoots(schedule);
    final Map<Long, AttestationData> dataByCommittee = new HashMap<>();
    final Map<AttestationData, HashedMessage> hashed = new HashMap<>();
    final ArrayNode body = JsonNodeFactory.instance.arrayNode();
    for (final JsonNode duty : duties) {
      if (Long.parseLong(duty.path("slot").asText()) != slot) {
        continue;
      }
      final int validator = Integer.parseInt(duty.path("validator_index").asText());
      final long committee = Long.parseLong(duty.path("committee_index").asText());
      final AttestationData data =
          dataByCommittee.computeIfAbsent(
              electra ? 0 : committee,
              c ->
                  schedule
                      .schemas()
                      .attestationData
                      .fromJson(
                          call(
                                  "GET",
                                  "/eth/v1/validator/attestation_data",
                                  Map.of(
                                      "slot", List.of(Long.toString(slot)),
                                      "committee_index", List.of(Long.toString(c))),
                                  null)
                              .path("data")));
      final HashedMessage message =
          hashed.computeIfAbsent(
              data, d -> HashedMessage.of(signingRoots.attestation(d).toArray()));
      final Bytes signature = Bytes.of(keys.get(validator).sign(message).toBytes());
      body.add(
          electra
              ? schedule
                  .schemas()
                  .singleAttestation
                  .toJson(new SingleAttestation(committee, validator, data, signature))
              : schedule
                  .schemas()
                  .phase0Attestation
                  .toJson(
                      new Phase0Attestation(
                          Bits.of(
                              Integer.parseInt(duty.path("committee_length").asText()),
                              Integer.parseInt(duty.path("validator_committee_index").asText())),
                          data,
                          signature)));
    }
    final ApiResponse response =
        api.handle(
            new ApiRequest(
                "POST",
                "/eth/v2/beacon/pool/attestations",
                Map.of(),
                Map.of("eth-consensus-version", fork.jsonName()),
                body.toString()));
    submitted += body.size();
    if (response.status() / 100 == 2) {
      accepted += body.size();
    }
  }

  /** The slot's sync committee members sign the head block root (the sync message path). */
  private void submitSyncMessages(final long slot) {
    final ArrayNode indices = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < keys.size(); i++) {
      indices.add(Integer.toString(i));
    }
    final long epoch = (slot + 1) / schedule.slotsPerEpoch();
    final JsonNode duties =
        call("POST", "/eth/v1/validator/duties/sync/" + epoch, Map.of(), indices).path("data");
    final Bytes root =
        Bytes.fromHex(
            call("GET", "/eth/v1/beacon/blocks/head/root", Map.of(), null)
                .path("data")
                .path("root")
                .asText());
    final HashedMessage message =
        HashedMessage.of(new SigningRoots(schedule).syncCommitteeMessage(slot, root).toArray());
    final ArrayNode body = JsonNodeFactory.instance.arrayNode();
    for (final JsonNode duty : duties) {
      final int validator = Integer.parseInt(duty.path("validator_index").asText());
      body.add(
          schedule
              .schemas()
              .syncCommitteeMessage
              .toJson(
                  new SyncCommitteeMessage(
                      slot,
                      root,
                      validator,
                      Bytes.of(keys.get(validator).sign(message).toBytes()))));
    }
    final ApiResponse response =
        api.handle(
            new ApiRequest(
                "POST",
                "/eth/v1/beacon/pool/sync_committees",
                Map.of(),
                Map.of(),
                body.toString()));
    syncSubmitted += body.size();
    if (response.status() / 100 == 2) {
      syncAccepted += body.size();
    }
  }

  private JsonNode call(
      final String method,
      final String path,
      final Map<String, List<String>> query,
      final JsonNode body) {
    final ApiResponse response =
        api.handle(
            new ApiRequest(method, path, query, Map.of(), body == null ? "" : body.toString()));
    if (response.status() / 100 != 2 || response.body() == null) {
      throw new IllegalStateException(
          "warm-up request " + method + " " + path + " answered " + response.status());
    }
    // Serialize and parse as a client would.
    try {
      return MAPPER.readTree(MAPPER.writeValueAsBytes(response.body()));
    } catch (final java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
