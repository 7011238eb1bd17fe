package io.dvc.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconNode;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.ForkName;
import io.dvc.spec.ForkSchemas;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.ContainerType;
import io.dvc.spec.testing.RandomValues;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.BeaconBlock;
import io.dvc.spec.types.BlindedBeaconBlock;
import io.dvc.spec.types.SignedBeaconBlock;
import io.dvc.spec.types.SignedBlindedBeaconBlock;
import io.dvc.spec.types.SingleAttestation;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A beacon node in memory that speaks the standard Beacon API at the HTTP level (forms in, JSON
 * answers out), so that the node's real request classes and failover policy run against it. It
 * serves a {@link FakeChain}; a test can make it misbehave.
 */
public final class FakeBeaconNode implements BeaconNode {
  /** How this beacon node misbehaves. */
  public enum Fault {
    NONE,
    /** Every request fails (connection refused). */
    DOWN,
    /** Blocks for the next slot. */
    WRONG_SLOT_BLOCK,
    /** Blocks naming another proposer. */
    WRONG_PROPOSER_BLOCK,
    /** A different (valid) block than the other beacon nodes build. */
    OTHER_BLOCK,
    /** Aggregates for other attestation data (another block root) than asked for. */
    OTHER_AGGREGATE
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final String url;
  private final FakeChain chain;
  private final Schemas schemas;
  private volatile Fault fault = Fault.NONE;
  private volatile int blobs;
  private volatile int syncSubscriptions;
  private final java.util.Set<String> aggregatorSubscriptions =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  public FakeBeaconNode(final String url, final FakeChain chain) {
    this.url = url;
    this.chain = chain;
    this.schemas = chain.schedule().schemas();
  }

  public void setFault(final Fault value) {
    this.fault = value;
  }

  /** Blobs in each Deneb+ block (default: what the random block has, capped at 2). */
  public void setBlobs(final int value) {
    this.blobs = value;
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public CompletableFuture<BeaconAnswer> exchange(final HttpForm form, final int maxAnswerBytes) {
    if (fault == Fault.DOWN) {
      return CompletableFuture.failedFuture(
          new io.dvc.node.beacon.BeaconApiException(
              url + form.path() + ": connection refused", -1));
    }
    try {
      return CompletableFuture.completedFuture(route(form));
    } catch (final RuntimeException e) {
      return CompletableFuture.completedFuture(error(400, e.toString()));
    }
  }

  private BeaconAnswer route(final HttpForm form) {
    final String path = form.path();
    final Map<String, String> query = query(form.pathAndQuery());
    if (form.body().isPresent() && !form.body().get().contentType().equals(HttpForm.JSON)) {
      return error(415, "this beacon node takes JSON bodies only"); // an older node: no SSZ
    }
    final JsonNode body = form.body().map(b -> read(b.bytes())).orElse(null);
    if (path.startsWith("/eth/v1/validator/duties/attester/")) {
      return attesterDuties(Long.parseLong(last(path)), body);
    }
    if (path.startsWith("/eth/v1/validator/duties/proposer/")) {
      return proposerDuties(Long.parseLong(last(path)));
    }
    if (path.equals("/eth/v1/validator/attestation_data")) {
      final AttestationData data = chain.attestationData(Long.parseLong(query.get("slot")));
      return ok(data(schemas.attestationData.toJson(data)));
    }
    if (path.equals("/eth/v2/beacon/pool/attestations")) {
      final String version = form.headers().getOrDefault("Eth-Consensus-Version", "");
      if (!ForkName.fromJsonName(version).isAtLeast(ForkName.ELECTRA)) {
        return ok(null); // phase0 attestations carry no attester index: accepted unchecked
      }
      return attestations(body);
    }
    if (path.equals("/eth/v1/validator/prepare_beacon_proposer")) {
      body.forEach(
          p ->
              chain.prepared(
                  Long.parseLong(p.get("validator_index").asText()),
                  Bytes.fromHex(p.get("fee_recipient").asText())));
      return ok(null);
    }
    if (path.equals("/eth/v1/validator/beacon_committee_subscriptions")) {
      body.forEach(
          sub -> {
            if (sub.path("is_aggregator").asBoolean(false)) {
              aggregatorSubscriptions.add(
                  "aggregate "
                      + sub.get("slot").asText()
                      + " "
                      + sub.get("validator_index").asText());
            }
          });
      return ok(null);
    }
    if (path.startsWith("/eth/v1/validator/duties/sync/")) {
      return syncDuties(Long.parseLong(last(path)), body);
    }
    if (path.equals("/eth/v1/validator/sync_committee_subscriptions")) {
      syncSubscriptions++;
      return ok(null);
    }
    if (path.equals("/eth/v2/validator/aggregate_attestation")) {
      return aggregate(query);
    }
    if (path.equals("/eth/v2/validator/aggregate_and_proofs")) {
      final ForkName fork =
          ForkName.fromJsonName(form.headers().getOrDefault("Eth-Consensus-Version", ""));
      return indexed(
          body,
          json ->
              chain
                  .aggregation()
                  .publishAggregate(schemas.at(fork).signedAggregateAndProof().fromJson(json)));
    }
    if (path.equals("/eth/v1/beacon/pool/sync_committees")) {
      return indexed(
          body,
          json -> chain.aggregation().syncMessage(schemas.syncCommitteeMessage.fromJson(json)));
    }
    if (path.equals("/eth/v1/validator/sync_committee_contribution")) {
      return chain
          .aggregation()
          .contribution(
              Long.parseLong(query.get("slot")),
              Long.parseLong(query.get("subcommittee_index")),
              Bytes.fromHex(query.get("beacon_block_root")))
          .map(c -> ok(data(schemas.syncCommitteeContribution.toJson(c))))
          .orElseGet(() -> error(404, "no contribution"));
    }
    if (path.equals("/eth/v1/validator/contribution_and_proofs")) {
      return indexed(
          body,
          json ->
              chain
                  .aggregation()
                  .publishContribution(schemas.signedContributionAndProof.fromJson(json)));
    }
    if (path.startsWith("/eth/v3/validator/blocks/")) {
      return produce(Long.parseLong(last(path)), query);
    }
    if (path.equals("/eth/v2/beacon/blocks") || path.equals("/eth/v2/beacon/blinded_blocks")) {
      return publish(path.endsWith("blinded_blocks"), form.headers(), body);
    }
    if (path.equals("/eth/v1/validator/register_validator")) {
      final String refusal = chain.operations().register(body);
      return refusal.isEmpty() ? ok(null) : error(400, refusal);
    }
    if (path.equals("/eth/v1/beacon/pool/voluntary_exits")) {
      final String refusal = chain.operations().exit(body);
      return refusal.isEmpty() ? ok(null) : error(400, refusal);
    }
    if (path.startsWith("/eth/v1/validator/liveness/")) {
      return ok(data(chain.operations().liveness(Long.parseLong(last(path)), body)));
    }
    return error(404, "no route " + path);
  }

  private BeaconAnswer attesterDuties(final long epoch, final JsonNode indices) {
    final ArrayNode duties = MAPPER.createArrayNode();
    for (final JsonNode index : indices) {
      final long v = Long.parseLong(index.asText());
      duties
          .addObject()
          .put("pubkey", chain.validators().get((int) v).toHex())
          .put("validator_index", Long.toString(v))
          .put("committee_index", Long.toString(chain.aggregation().committeeOf(v)))
          .put("committee_length", Long.toString(chain.aggregation().committeeLength()))
          .put("committees_at_slot", "4")
          .put("validator_committee_index", Long.toString(chain.aggregation().positionOf(v)))
          .put("slot", Long.toString(chain.attestationSlot(v, epoch)));
    }
    final ObjectNode answer = data(duties);
    answer.put("dependent_root", FakeChain.root(epoch).toHex());
    return ok(answer);
  }

  private BeaconAnswer syncDuties(final long epoch, final JsonNode indices) {
    final long period = chain.schedule().preset().syncCommitteePeriod(epoch);
    final List<Long> committee = chain.aggregation().syncCommittee(period);
    final ArrayNode duties = MAPPER.createArrayNode();
    for (final JsonNode index : indices) {
      final long v = Long.parseLong(index.asText());
      final ArrayNode positions = MAPPER.createArrayNode();
      for (int i = 0; i < committee.size(); i++) {
        if (committee.get(i) == v) {
          positions.add(Integer.toString(i));
        }
      }
      if (!positions.isEmpty()) {
        final ObjectNode duty = duties.addObject();
        duty.put("pubkey", chain.validators().get((int) v).toHex());
        duty.put("validator_index", Long.toString(v));
        duty.set("validator_sync_committee_indices", positions);
      }
    }
    return ok(data(duties));
  }

  private BeaconAnswer aggregate(final Map<String, String> query) {
    final long slot = Long.parseLong(query.get("slot"));
    final long committee = Long.parseLong(query.get("committee_index"));
    final ForkName fork = chain.forkAt(slot);
    final Bytes root = Bytes.fromHex(query.get("attestation_data_root"));
    if (fault == Fault.OTHER_AGGREGATE) {
      final AttestationData own = chain.attestationData(slot);
      final AttestationData other =
          new AttestationData(
              slot,
              fork.isAtLeast(ForkName.ELECTRA) ? 0 : committee,
              FakeChain.root(3_000_000 + slot),
              own.source(),
              own.target());
      return ok(
          versioned(
              fork, schemas.at(fork).attestation().toJson(otherAggregate(fork, committee, other))));
    }
    return chain
        .aggregation()
        .aggregate(slot, committee, root, fork)
        .map(a -> ok(versioned(fork, schemas.at(fork).attestation().toJson(a))))
        .orElseGet(() -> error(404, "no aggregate"));
  }

  private io.dvc.spec.types.Attestation otherAggregate(
      final ForkName fork, final long committee, final AttestationData data) {
    final int length = (int) chain.aggregation().committeeLength();
    final byte[] infinity = new byte[96];
    infinity[0] = (byte) 0xc0;
    final Bytes signature = Bytes.of(infinity);
    return fork.isAtLeast(ForkName.ELECTRA)
        ? new io.dvc.spec.types.ElectraAttestation(
            io.dvc.spec.ssz.Bits.of(length, 0),
            data,
            signature,
            io.dvc.spec.ssz.Bits.of(
                (int) chain.schedule().preset().maxCommitteesPerSlot(), (int) committee))
        : new io.dvc.spec.types.Phase0Attestation(
            io.dvc.spec.ssz.Bits.of(length, 0), data, signature);
  }

  private static ObjectNode versioned(final ForkName fork, final JsonNode data) {
    final ObjectNode answer = data(data);
    answer.put("version", fork.jsonName());
    return answer;
  }

  /** A pool submission: each element checked; 400 with indexed failures for the bad ones. */
  private BeaconAnswer indexed(
      final JsonNode body, final java.util.function.Predicate<JsonNode> accept) {
    final ArrayNode failures = MAPPER.createArrayNode();
    for (int i = 0; i < body.size(); i++) {
      if (!accept.test(body.get(i))) {
        failures.addObject().put("index", i).put("message", "invalid");
      }
    }
    if (!failures.isEmpty()) {
      final ObjectNode error = MAPPER.createObjectNode().put("code", 400).put("message", "bad");
      error.set("failures", failures);
      return new BeaconAnswer(
          url, 400, Map.of(), error.toString().getBytes(StandardCharsets.UTF_8));
    }
    return ok(null);
  }

  /** "aggregate SLOT VALIDATOR" of every committee subscription with is_aggregator true. */
  public java.util.Set<String> aggregatorSubscriptions() {
    return java.util.Set.copyOf(aggregatorSubscriptions);
  }

  /** How many sync_committee_subscriptions requests this node received. */
  public int syncSubscriptions() {
    return syncSubscriptions;
  }

  private BeaconAnswer proposerDuties(final long epoch) {
    final ArrayNode duties = MAPPER.createArrayNode();
    final long first = epoch * chain.schedule().slotsPerEpoch();
    for (long slot = first; slot < first + chain.schedule().slotsPerEpoch(); slot++) {
      final long v = chain.proposerAt(slot);
      duties
          .addObject()
          .put("pubkey", chain.validators().get((int) v).toHex())
          .put("validator_index", Long.toString(v))
          .put("slot", Long.toString(slot));
    }
    final ObjectNode answer = data(duties);
    answer.put("dependent_root", FakeChain.root(epoch + 77).toHex());
    return ok(answer);
  }

  private BeaconAnswer attestations(final JsonNode body) {
    final ArrayNode failures = MAPPER.createArrayNode();
    for (int i = 0; i < body.size(); i++) {
      final SingleAttestation a = schemas.singleAttestation.fromJson(body.get(i));
      if (!chain.attest(a.attesterIndex(), a.data(), a.signature())) {
        failures.addObject().put("index", i).put("message", "invalid signature");
      } else {
        chain
            .aggregation()
            .attested(a.committeeIndex(), a.attesterIndex(), a.data(), a.signature());
      }
    }
    if (!failures.isEmpty()) {
      final ObjectNode error = MAPPER.createObjectNode().put("code", 400).put("message", "bad");
      error.set("failures", failures);
      return new BeaconAnswer(
          url, 400, Map.of(), error.toString().getBytes(StandardCharsets.UTF_8));
    }
    return ok(null);
  }

  private BeaconAnswer produce(final long slot, final Map<String, String> query) {
    final ForkName fork = chain.forkAt(slot);
    final ForkSchemas at = schemas.at(fork);
    final long proposer =
        fault == Fault.WRONG_PROPOSER_BLOCK
            ? (chain.proposerAt(slot) + 1) % chain.validators().size()
            : chain.proposerAt(slot);
    final long blockSlot = fault == Fault.WRONG_SLOT_BLOCK ? slot + 1 : slot;
    final boolean blinded =
        !"0".equals(query.getOrDefault("builder_boost_factor", "100"))
            && at.blindedBeaconBlock().isPresent();
    // A deterministic random block per slot (the same on every honest beacon node), then patched.
    final long seed = slot * 31 + (fault == Fault.OTHER_BLOCK ? 17 : 0);
    final JsonNode block;
    if (blinded) {
      final ObjectNode b = (ObjectNode) json(at.blindedBeaconBlock().get(), seed);
      patch(b, blockSlot, proposer, query.get("randao_reveal"), "execution_payload_header");
      block = b;
    } else if (at.blockContents().isPresent()) {
      final ObjectNode contents = (ObjectNode) json(at.blockContents().get(), seed);
      patch(
          (ObjectNode) contents.get("block"),
          blockSlot,
          proposer,
          query.get("randao_reveal"),
          "execution_payload");
      trimBlobs(contents);
      block = contents;
    } else {
      final ObjectNode b = (ObjectNode) json(at.beaconBlock(), seed);
      patch(b, blockSlot, proposer, query.get("randao_reveal"), "execution_payload");
      block = b;
    }
    final ObjectNode answer = data(block);
    answer.put("version", fork.jsonName());
    answer.put("execution_payload_blinded", blinded);
    answer.put("execution_payload_value", "1000");
    answer.put("consensus_block_value", "10");
    return new BeaconAnswer(
        url,
        200,
        Map.of("Eth-Consensus-Version", fork.jsonName()),
        answer.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void trimBlobs(final ObjectNode contents) {
    final int keep = Math.min(blobs, 6);
    final ArrayNode blobList = (ArrayNode) contents.get("blobs");
    final ArrayNode proofs = (ArrayNode) contents.get("kzg_proofs");
    while (blobList.size() > keep) {
      blobList.remove(blobList.size() - 1);
    }
    while (proofs.size() > keep) {
      proofs.remove(proofs.size() - 1);
    }
  }

  private void patch(
      final ObjectNode block,
      final long slot,
      final long proposer,
      final String randao,
      final String payloadField) {
    block.put("slot", Long.toString(slot));
    block.put("proposer_index", Long.toString(proposer));
    block.put("parent_root", chain.parentRoot(slot).toHex());
    final ObjectNode body = (ObjectNode) block.get("body");
    body.put("randao_reveal", randao);
    final JsonNode payload = body.get(payloadField);
    if (payload instanceof ObjectNode p) {
      p.put("fee_recipient", chain.feeRecipientOf(proposer).toHex());
    }
  }

  private BeaconAnswer publish(
      final boolean blinded, final Map<String, String> headers, final JsonNode body) {
    final String version = headers.get("Eth-Consensus-Version");
    if (version == null) {
      return error(400, "Eth-Consensus-Version header is required");
    }
    final ForkName fork = ForkName.fromJsonName(version);
    final ForkSchemas at = schemas.at(fork);
    final long slot;
    final long proposer;
    final Bytes root;
    final Bytes signature;
    if (blinded) {
      final SignedBlindedBeaconBlock signed = at.signedBlindedBeaconBlock().get().fromJson(body);
      final BlindedBeaconBlock b = signed.message();
      slot = b.slot();
      proposer = b.proposerIndex();
      root = chain.signingRoots().block(b);
      signature = signed.signature();
    } else {
      final SignedBeaconBlock signed =
          at.signedBlockContents().isPresent()
              ? at.signedBlockContents().get().fromJson(body).signedBlock()
              : at.signedBeaconBlock().fromJson(body);
      final BeaconBlock b = signed.message();
      slot = b.slot();
      proposer = b.proposerIndex();
      root = chain.signingRoots().block(b);
      signature = signed.signature();
    }
    return chain.publishBlock(slot, proposer, root, signature)
        ? ok(null)
        : error(400, "invalid block signature");
  }

  private static <T> JsonNode json(final ContainerType<T> type, final long seed) {
    return type.toJson(new RandomValues(seed).of(type));
  }

  private static ObjectNode data(final JsonNode data) {
    final ObjectNode answer = MAPPER.createObjectNode();
    answer.set("data", data);
    return answer;
  }

  private BeaconAnswer ok(final JsonNode body) {
    return new BeaconAnswer(
        url,
        200,
        Map.of(),
        body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private BeaconAnswer error(final int status, final String message) {
    final ObjectNode error = MAPPER.createObjectNode().put("code", status).put("message", message);
    return new BeaconAnswer(
        url, status, Map.of(), error.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode read(final byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (final java.io.IOException e) {
      throw new IllegalArgumentException("body is not JSON");
    }
  }

  private static String last(final String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static Map<String, String> query(final String pathAndQuery) {
    final Map<String, String> query = new HashMap<>();
    final int q = pathAndQuery.indexOf('?');
    if (q >= 0) {
      for (final String pair : pathAndQuery.substring(q + 1).split("&")) {
        final int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return query;
  }
}
