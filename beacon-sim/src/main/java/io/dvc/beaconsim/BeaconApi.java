package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.beaconsim.ApiResponse.PoolFailure;
import io.dvc.bls.BlsPublicKey;
import io.dvc.spec.ForkName;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.BeaconBlockHeader;
import io.dvc.spec.types.Checkpoint;
import io.dvc.spec.types.Fork;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Beacon API of the simulator: maps a request to a response, with no I/O (the HTTP server and
 * the event stream live in {@link BeaconHttpServer}). Paths, bodies, status codes and error bodies
 * follow ethereum/beacon-APIs; numbers are decimal strings, bytes 0x-hex.
 */
public final class BeaconApi {
  // helpers shared with the other endpoint classes
  private static ApiResponse only(
      final boolean allowed,
      final ApiRequest r,
      final java.util.function.Supplier<ApiResponse> handler) {
    return ApiSupport.only(allowed, r, handler);
  }

  private static JsonNode parseBody(final ApiRequest r) {
    return ApiSupport.parseBody(r);
  }

  private static List<String> strings(final JsonNode node, final String field) {
    return ApiSupport.strings(node, field);
  }

  private static String single(final ApiRequest r, final String name) {
    return ApiSupport.single(r, name);
  }

  private static ObjectNode data(final JsonNode value) {
    return ApiSupport.data(value);
  }

  static final String VERSION = "dvc-beacon-sim/0.1.0";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Pattern STATE = Pattern.compile("/eth/v1/beacon/states/([^/]+)/(.+)");
  private static final Pattern HEADER = Pattern.compile("/eth/v1/beacon/headers/([^/]+)");
  private static final Pattern BLOCK_ROOT = Pattern.compile("/eth/v1/beacon/blocks/([^/]+)/root");
  private static final Pattern DUTIES =
      Pattern.compile("/eth/v1/validator/duties/(attester|sync)/([^/]+)");
  private static final Pattern VALIDATOR = Pattern.compile("validators/([^/]+)");

  private final SimChain chain;
  private final AttestationLedger ledger;
  private final AttestationPool pool;
  private final ProposalLedger proposals;
  private final BlockEndpoints blocks;
  private final long genesisDelaySeconds;

  BeaconApi(final SimChain chain, final AttestationLedger ledger, final long genesisDelaySeconds) {
    this(chain, ledger, genesisDelaySeconds, 0, false, slot -> {});
  }

  /**
   * @param blobsPerBlock blobs in produced blocks (Deneb on)
   * @param builder whether the fake builder is connected
   * @param onBlockImported called with the slot of every published block that became the head
   */
  BeaconApi(
      final SimChain chain,
      final AttestationLedger ledger,
      final long genesisDelaySeconds,
      final int blobsPerBlock,
      final boolean builder,
      final LongConsumer onBlockImported) {
    this.chain = chain;
    this.ledger = ledger;
    this.pool = new AttestationPool(chain, ledger);
    this.proposals = new ProposalLedger(chain);
    final BlockFactory factory = new BlockFactory(chain, proposals, blobsPerBlock, builder);
    this.blocks =
        new BlockEndpoints(
            chain,
            proposals,
            factory,
            new BlockPublisher(chain, proposals, factory, onBlockImported));
    this.genesisDelaySeconds = genesisDelaySeconds;
  }

  /** What the simulator has seen (also {@code GET /dvc/v1/summary}). */
  public SimSummary summary() {
    return ledger.summary(proposals.summary());
  }

  int slashableProposalCount() {
    return proposals.slashableCount();
  }

  /** Forgets which signatures already verified, so the next submissions verify afresh. */
  public void forgetVerifiedSignatures() {
    pool.forgetVerified();
  }

  /** Answers one request; never throws. */
  public ApiResponse handle(final ApiRequest request) {
    try {
      return route(request);
    } catch (final ApiException e) {
      return ApiResponse.error(e.status(), e.getMessage());
    } catch (final RuntimeException e) {
      return ApiResponse.error(500, "internal error: " + e);
    }
  }

  private ApiResponse route(final ApiRequest r) {
    final String path =
        r.path().endsWith("/") && r.path().length() > 1
            ? r.path().substring(0, r.path().length() - 1)
            : r.path();
    final boolean get = "GET".equals(r.method());
    final boolean post = "POST".equals(r.method());
    switch (path) {
      case "/eth/v1/beacon/genesis":
        return only(get, r, this::genesis);
      case "/eth/v1/config/spec":
        return only(get, r, () -> ApiResponse.ok(data(ConfigSpec.of(chain, genesisDelaySeconds))));
      case "/eth/v1/config/fork_schedule":
        return only(get, r, this::forkSchedule);
      case "/eth/v1/config/deposit_contract":
        return only(get, r, this::depositContract);
      case "/eth/v1/node/syncing":
        return only(get, r, this::syncing);
      case "/eth/v1/node/version":
        return only(get, r, () -> ApiResponse.ok(data(F.objectNode().put("version", VERSION))));
      case "/eth/v1/node/health":
        return only(get, r, ApiResponse::empty);
      case "/eth/v1/validator/attestation_data":
        return only(get, r, () -> attestationData(r));
      case "/eth/v1/beacon/pool/attestations":
        return only(post, r, () -> submitAttestations(r, false));
      case "/eth/v2/beacon/pool/attestations":
        return only(post, r, () -> submitAttestations(r, true));
      case "/eth/v1/validator/beacon_committee_subscriptions":
        return only(post, r, () -> committeeSubscriptions(r));
      case "/dvc/v1/summary":
        return only(get, r, () -> ApiResponse.ok(summary().toJson()));
      default:
        break;
    }
    final Optional<ApiResponse> block = blocks.route(r, path);
    if (block.isPresent()) {
      return block.get();
    }
    Matcher m = STATE.matcher(path);
    if (m.matches()) {
      return stateRoute(r, get, post, m.group(1), m.group(2));
    }
    m = HEADER.matcher(path);
    if (m.matches()) {
      final String blockId = m.group(1);
      return only(get, r, () -> header(blockId));
    }
    m = BLOCK_ROOT.matcher(path);
    if (m.matches()) {
      final String blockId = m.group(1);
      return only(get, r, () -> blockRoot(blockId));
    }
    m = DUTIES.matcher(path);
    if (m.matches()) {
      final long epoch = uint64(m.group(2), "epoch");
      return switch (m.group(1)) {
        case "attester" -> only(post, r, () -> attesterDuties(epoch, r));
        default -> only(post, r, () -> syncDuties(epoch, r));
      };
    }
    throw ApiException.notFound("no such endpoint: " + r.method() + " " + r.path());
  }

  private ApiResponse stateRoute(
      final ApiRequest r,
      final boolean get,
      final boolean post,
      final String stateId,
      final String rest) {
    final long slot = stateSlot(stateId);
    switch (rest) {
      case "fork":
        return only(get, r, () -> stateFork(slot));
      case "finality_checkpoints":
        return only(get, r, () -> finality(slot));
      case "validators":
        if (get) {
          return validators(slot, r.queryValues("id"), r.queryValues("status"));
        }
        return only(post, r, () -> postValidators(slot, r));
      default:
        break;
    }
    final Matcher m = VALIDATOR.matcher(rest);
    if (m.matches()) {
      final String id = m.group(1);
      return only(
          get,
          r,
          () -> {
            final List<SimValidator> found = lookup(List.of(id));
            if (found.isEmpty()) {
              throw ApiException.notFound("validator " + id + " not found");
            }
            return ApiResponse.ok(stateEnvelope(slot).set("data", validatorJson(found.get(0))));
          });
    }
    throw ApiException.notFound("no such endpoint: " + r.method() + " " + r.path());
  }

  // ---- beacon ----

  private ApiResponse genesis() {
    final ForkSchedule s = chain.schedule();
    return ApiResponse.ok(
        data(
            F.objectNode()
                .put("genesis_time", Long.toString(s.genesisTime()))
                .put("genesis_validators_root", s.genesisValidatorsRoot().toHex())
                .put("genesis_fork_version", s.genesisForkVersion().toHex())));
  }

  private ApiResponse forkSchedule() {
    final ArrayNode forks = F.arrayNode();
    final List<ForkName> scheduled = chain.schedule().scheduledForks();
    for (int i = 0; i < scheduled.size(); i++) {
      final ForkName fork = scheduled.get(i);
      final ForkName previous = i == 0 ? fork : scheduled.get(i - 1);
      forks.add(
          forkJson(
              new Fork(
                  chain.schedule().versionOf(previous),
                  chain.schedule().versionOf(fork),
                  chain.schedule().forkEpoch(fork))));
    }
    return ApiResponse.ok(data(forks));
  }

  private ApiResponse depositContract() {
    return ApiResponse.ok(
        data(F.objectNode().put("chain_id", "1337").put("address", "0x" + "00".repeat(20))));
  }

  private ApiResponse syncing() {
    return ApiResponse.ok(
        data(
            F.objectNode()
                .put("head_slot", Long.toString(chain.headSlot()))
                .put("sync_distance", "0")
                .put("is_syncing", false)
                .put("is_optimistic", false)
                .put("el_offline", false)));
  }

  /** The slot of a state_id: head, genesis, finalized, justified, a slot or a state root. */
  private long stateSlot(final String stateId) {
    final long head = chain.headSlot();
    final long epoch = chain.epochOf(head);
    switch (stateId) {
      case "head":
        return head;
      case "genesis":
        return 0;
      case "finalized":
        return chain.startSlot(chain.finalized(epoch).epoch());
      case "justified":
        return chain.startSlot(chain.justified(epoch).epoch());
      default:
        break;
    }
    if (stateId.matches("[0-9]{1,18}")) {
      final long slot = Long.parseLong(stateId);
      if (slot > head) {
        throw ApiException.notFound(
            "state at slot " + slot + " not found (head slot " + head + ")");
      }
      return slot;
    }
    if (stateId.matches("0x[0-9a-fA-F]{64}")) {
      final Bytes root = Bytes.fromHex(stateId);
      for (long slot = head; slot >= 0; slot--) {
        if (chain.stateRoot(slot).equals(root)) {
          return slot;
        }
      }
      throw ApiException.notFound("state " + stateId + " not found");
    }
    throw ApiException.badRequest("invalid state ID: " + stateId);
  }

  /** The slot of the block a block_id names (an empty slot has no block: 404). */
  private long blockSlot(final String blockId) {
    final long head = chain.headSlot();
    final long epoch = chain.epochOf(head);
    switch (blockId) {
      case "head":
        return chain.headBlockSlot();
      case "genesis":
        return 0;
      case "finalized":
        return chain.slotOfBlock(chain.finalized(epoch).root()).orElse(0L);
      case "justified":
        return chain.slotOfBlock(chain.justified(epoch).root()).orElse(0L);
      default:
        break;
    }
    if (blockId.matches("[0-9]{1,18}")) {
      final long slot = Long.parseLong(blockId);
      if (slot > head) {
        throw ApiException.notFound(
            "block at slot " + slot + " not found (head slot " + head + ")");
      }
      if (chain.blockAt(slot).isEmpty()) {
        throw ApiException.notFound("no block at slot " + slot + " (missed proposal)");
      }
      return slot;
    }
    if (blockId.matches("0x[0-9a-fA-F]{64}")) {
      return chain
          .slotOfBlock(Bytes.fromHex(blockId))
          .orElseThrow(() -> ApiException.notFound("block " + blockId + " not found"));
    }
    throw ApiException.badRequest("invalid block ID: " + blockId);
  }

  private ObjectNode stateEnvelope(final long slot) {
    final long finalizedSlot = chain.startSlot(chain.finalized(chain.currentEpoch()).epoch());
    return F.objectNode()
        .put("execution_optimistic", false)
        .put(
            "finalized",
            slot <= finalizedSlot && chain.finalized(chain.currentEpoch()).epoch() > 0);
  }

  private ApiResponse stateFork(final long slot) {
    return ApiResponse.ok(
        stateEnvelope(slot)
            .set("data", forkJson(chain.schedule().forkObjectAt(chain.epochOf(slot)))));
  }

  private ApiResponse finality(final long slot) {
    final long epoch = chain.epochOf(slot);
    final ObjectNode body =
        F.objectNode().set("previous_justified", checkpoint(chain.previousJustified(epoch)));
    body.set("current_justified", checkpoint(chain.justified(epoch)));
    body.set("finalized", checkpoint(chain.finalized(epoch)));
    return ApiResponse.ok(stateEnvelope(slot).set("data", body));
  }

  private ApiResponse postValidators(final long slot, final ApiRequest r) {
    final JsonNode body = r.body().isBlank() ? F.objectNode() : parseBody(r);
    if (!body.isObject() && !body.isNull()) {
      throw ApiException.badRequest("request body must be an object with ids and statuses");
    }
    return validators(
        slot, strings(body.get("ids"), "ids"), strings(body.get("statuses"), "statuses"));
  }

  private ApiResponse validators(
      final long slot, final List<String> ids, final List<String> statuses) {
    for (final String status : statuses) {
      if (!VALIDATOR_STATUSES.contains(status)) {
        throw ApiException.badRequest("invalid validator status: " + status);
      }
    }
    final boolean activeWanted =
        statuses.isEmpty() || statuses.contains("active") || statuses.contains("active_ongoing");
    final List<SimValidator> chosen = ids.isEmpty() ? chain.validators() : lookup(ids);
    final ArrayNode data = F.arrayNode();
    if (activeWanted) {
      chosen.forEach(v -> data.add(validatorJson(v)));
    }
    return ApiResponse.ok(stateEnvelope(slot).set("data", data));
  }

  private static final Set<String> VALIDATOR_STATUSES =
      Set.of(
          "pending_initialized",
          "pending_queued",
          "active_ongoing",
          "active_exiting",
          "active_slashed",
          "exited_unslashed",
          "exited_slashed",
          "withdrawal_possible",
          "withdrawal_done",
          "active",
          "pending",
          "exited",
          "withdrawal");

  /** Validators by index or 0x pubkey; unknown ones are left out, as beacon nodes do. */
  private List<SimValidator> lookup(final List<String> ids) {
    final Set<SimValidator> found = new LinkedHashSet<>();
    for (final String id : ids) {
      if (id.matches("[0-9]{1,18}")) {
        chain.validator(Long.parseLong(id)).ifPresent(found::add);
      } else if (id.matches("0x[0-9a-fA-F]{96}")) {
        chain.validator(BlsPublicKey.fromHex(id)).ifPresent(found::add);
      } else {
        throw ApiException.badRequest("invalid validator ID: " + id);
      }
    }
    return List.copyOf(found);
  }

  private ObjectNode validatorJson(final SimValidator v) {
    final String balance = Long.toString(chain.parameters().maxEffectiveBalance());
    final ObjectNode validator =
        F.objectNode()
            .put("pubkey", v.publicKey().toHex())
            .put("withdrawal_credentials", withdrawalCredentials(v))
            .put("effective_balance", balance)
            .put("slashed", false)
            .put("activation_eligibility_epoch", "0")
            .put("activation_epoch", "0")
            .put("exit_epoch", ConfigSpec.FAR_FUTURE_EPOCH)
            .put("withdrawable_epoch", ConfigSpec.FAR_FUTURE_EPOCH);
    final ObjectNode node =
        F.objectNode()
            .put("index", Integer.toString(v.index()))
            .put("balance", balance)
            .put("status", "active_ongoing");
    node.set("validator", validator);
    return node;
  }

  private static String withdrawalCredentials(final SimValidator v) {
    final byte[] hash = io.dvc.spec.ssz.Sha256.hash(v.publicKey().toBytes());
    hash[0] = 0;
    return Bytes.of(hash).toHex();
  }

  private ApiResponse header(final String blockId) {
    final long slot = blockSlot(blockId);
    final BeaconBlockHeader header = chain.header(slot);
    final ObjectNode message =
        (ObjectNode) chain.schedule().schemas().beaconBlockHeader.toJson(header);
    final ObjectNode signed = F.objectNode();
    signed.set("message", message);
    signed.put("signature", "0xc0" + "00".repeat(95));
    final ObjectNode data =
        F.objectNode().put("root", chain.blockRoot(slot).toHex()).put("canonical", true);
    data.set("header", signed);
    return ApiResponse.ok(stateEnvelope(slot).set("data", data));
  }

  private ApiResponse blockRoot(final String blockId) {
    final long slot = blockSlot(blockId);
    return ApiResponse.ok(
        stateEnvelope(slot).set("data", F.objectNode().put("root", chain.blockRoot(slot).toHex())));
  }

  // ---- validator ----

  private void checkDutyEpoch(final long epoch) {
    final long current = chain.currentEpoch();
    if (epoch > current + 1 || epoch < 0) {
      throw ApiException.badRequest(
          "duties for epoch "
              + Long.toUnsignedString(epoch)
              + " are not available: current epoch is "
              + current
              + ", at most "
              + (current + 1));
    }
  }

  private ApiResponse attesterDuties(final long epoch, final ApiRequest r) {
    checkDutyEpoch(epoch);
    final List<Integer> indices = validatorIndices(r);
    final ArrayNode data = F.arrayNode();
    for (final int index : indices) {
      final CommitteeAssignment a = chain.assignment(epoch, index);
      if (a == null) {
        continue;
      }
      data.addObject()
          .put("pubkey", chain.validators().get(index).publicKey().toHex())
          .put("validator_index", Integer.toString(index))
          .put("committee_index", Integer.toString(a.committeeIndex()))
          .put("committee_length", Integer.toString(a.committeeLength()))
          .put("committees_at_slot", Integer.toString(a.committeesAtSlot()))
          .put("validator_committee_index", Integer.toString(a.validatorCommitteeIndex()))
          .put("slot", Long.toString(a.slot()));
    }
    final ObjectNode body =
        F.objectNode()
            .put("dependent_root", chain.attesterDependentRoot(epoch).toHex())
            .put("execution_optimistic", false);
    body.set("data", data);
    return ApiResponse.ok(body);
  }

  private ApiResponse syncDuties(final long epoch, final ApiRequest r) {
    final long period = chain.syncCommitteePeriod(epoch);
    final long currentPeriod = chain.syncCommitteePeriod(chain.currentEpoch());
    if (epoch < 0 || period > currentPeriod + 1) {
      throw ApiException.badRequest(
          "sync duties for epoch "
              + Long.toUnsignedString(epoch)
              + " are not available: its sync committee period "
              + period
              + " is past the next one ("
              + (currentPeriod + 1)
              + ")");
    }
    final List<Integer> indices = validatorIndices(r);
    final int[] committee = chain.syncCommittee(period);
    final ArrayNode data = F.arrayNode();
    for (final int index : indices) {
      final ArrayNode positions = F.arrayNode();
      for (int i = 0; i < committee.length; i++) {
        if (committee[i] == index) {
          positions.add(Integer.toString(i));
        }
      }
      if (!positions.isEmpty()) {
        data.addObject()
            .put("pubkey", chain.validators().get(index).publicKey().toHex())
            .put("validator_index", Integer.toString(index))
            .set("validator_sync_committee_indices", positions);
      }
    }
    final ObjectNode body = F.objectNode().put("execution_optimistic", false);
    body.set("data", data);
    return ApiResponse.ok(body);
  }

  private List<Integer> validatorIndices(final ApiRequest r) {
    final JsonNode body = parseBody(r);
    if (!body.isArray()) {
      throw ApiException.badRequest("request body must be a JSON array of validator indices");
    }
    final List<Integer> indices = new ArrayList<>();
    for (final JsonNode item : body) {
      final String text =
          item.isTextual() ? item.textValue() : item.isIntegralNumber() ? item.asText() : null;
      if (text == null || !text.matches("[0-9]{1,18}")) {
        throw ApiException.badRequest("invalid validator index: " + item);
      }
      final long index = Long.parseLong(text);
      if (index >= chain.validators().size()) {
        throw ApiException.badRequest("unknown validator index: " + index);
      }
      indices.add((int) index);
    }
    return indices;
  }

  private ApiResponse attestationData(final ApiRequest r) {
    final long slot = uint64(single(r, "slot"), "slot");
    final long committeeIndex = uint64(single(r, "committee_index"), "committee_index");
    final long head = chain.headSlot();
    if (slot > head || slot < 0) {
      throw ApiException.badRequest(
          "slot " + Long.toUnsignedString(slot) + " is in the future (head slot " + head + ")");
    }
    if (committeeIndex >= chain.committeesPerSlot() || committeeIndex < 0) {
      throw ApiException.badRequest(
          "committee_index "
              + Long.toUnsignedString(committeeIndex)
              + " does not exist: "
              + chain.committeesPerSlot()
              + " committees per slot");
    }
    return ApiResponse.ok(
        data(
            chain
                .schedule()
                .schemas()
                .attestationData
                .toJson(chain.attestationData(slot, committeeIndex))));
  }

  private ApiResponse submitAttestations(final ApiRequest r, final boolean v2) {
    Optional<ForkName> version = Optional.empty();
    if (v2) {
      final String header = r.header("Eth-Consensus-Version");
      if (header == null || header.isBlank()) {
        throw ApiException.badRequest("missing Eth-Consensus-Version header");
      }
      try {
        version = Optional.of(ForkName.fromJsonName(header.trim()));
      } catch (final IllegalArgumentException e) {
        throw ApiException.badRequest("invalid Eth-Consensus-Version header: " + header);
      }
    }
    final JsonNode body = parseBody(r);
    if (!body.isArray()) {
      throw ApiException.badRequest("request body must be a JSON array of attestations");
    }
    final List<PoolFailure> failures = pool.submit(body, version);
    if (failures.isEmpty()) {
      return ApiResponse.empty();
    }
    return ApiResponse.indexedError("some attestations were refused", failures);
  }

  private ApiResponse committeeSubscriptions(final ApiRequest r) {
    final JsonNode body = parseBody(r);
    if (!body.isArray()) {
      throw ApiException.badRequest("request body must be a JSON array of subscriptions");
    }
    for (int i = 0; i < body.size(); i++) {
      final JsonNode s = body.get(i);
      for (final String field :
          List.of("validator_index", "committee_index", "committees_at_slot", "slot")) {
        final JsonNode value = s.get(field);
        if (value == null || !value.isTextual() || !value.textValue().matches("[0-9]{1,20}")) {
          throw ApiException.badRequest(
              "subscription " + i + ": " + field + " must be a decimal string");
        }
      }
      if (s.get("is_aggregator") == null || !s.get("is_aggregator").isBoolean()) {
        throw ApiException.badRequest("subscription " + i + ": is_aggregator must be a boolean");
      }
    }
    return ApiResponse.empty();
  }

  // ---- helpers ----

  static long uint64(final String text, final String what) {
    return ApiSupport.uint64(text, what);
  }

  private static ObjectNode forkJson(final Fork fork) {
    return F.objectNode()
        .put("previous_version", fork.previousVersion().toHex())
        .put("current_version", fork.currentVersion().toHex())
        .put("epoch", Long.toUnsignedString(fork.epoch()));
  }

  private static ObjectNode checkpoint(final Checkpoint c) {
    return F.objectNode().put("epoch", Long.toString(c.epoch())).put("root", c.root().toHex());
  }

  /** The data of a head event at a slot (topic {@code head}). */
  ObjectNode headEvent(final long slot) {
    final long epoch = chain.epochOf(slot);
    return F.objectNode()
        .put("slot", Long.toString(slot))
        .put("block", chain.blockRoot(slot).toHex())
        .put("state", chain.stateRoot(slot).toHex())
        .put("epoch_transition", slot % chain.slotsPerEpoch() == 0)
        .put("previous_duty_dependent_root", chain.attesterDependentRoot(epoch).toHex())
        .put("current_duty_dependent_root", chain.proposerDependentRoot(epoch).toHex())
        .put("execution_optimistic", false);
  }

  /** The data of a block event (topic {@code block}). */
  ObjectNode blockEvent(final long slot) {
    return F.objectNode()
        .put("slot", Long.toString(slot))
        .put("block", chain.blockRoot(slot).toHex())
        .put("execution_optimistic", false);
  }

  /** The data of a finalized_checkpoint event for the states of an epoch. */
  ObjectNode finalizedEvent(final long epoch) {
    final Checkpoint finalized = chain.finalized(epoch);
    return F.objectNode()
        .put("block", finalized.root().toHex())
        .put("state", chain.stateRoot(chain.startSlot(finalized.epoch())).toHex())
        .put("epoch", Long.toString(finalized.epoch()))
        .put("execution_optimistic", false);
  }
}
