package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.spec.ForkName;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.types.Checkpoint;
import io.dvc.spec.types.Fork;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The Beacon API of the simulator: maps a request to a response, with no I/O (the HTTP server and
 * the event stream live in {@link BeaconHttpServer}). Paths, bodies, status codes and error bodies
 * follow ethereum/beacon-APIs; numbers are decimal strings, bytes 0x-hex.
 */
public final class BeaconApi {
  static final String VERSION = "dvc-beacon-sim/0.1.0";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final SimChain chain;
  private final AttestationLedger ledger;
  private final AttestationPool pool;
  private final ProposalLedger proposals;
  private final BlockEndpoints blocks;
  private final StateEndpoints states;
  private final ValidatorEndpoints validatorEndpoints;
  private final RewardEndpoints rewards;
  private final AggregationEndpoints aggregationEndpoints;
  private final AggregationLedger aggregationLedger;
  private final SyncLedger syncLedger;
  private final SyncCommitteePool syncPool;
  private final AggregationPool aggregationPool;
  private final OperationLedger operationLedger;
  private final OperationEndpoints operations;
  private final long genesisDelaySeconds;
  private volatile String clientVersion = VERSION;

  private static ApiResponse only(
      final boolean allowed,
      final ApiRequest r,
      final java.util.function.Supplier<ApiResponse> handler) {
    return ApiSupport.only(allowed, r, handler);
  }

  private static ObjectNode data(final JsonNode value) {
    return ApiSupport.data(value);
  }

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
    this.aggregationLedger = new AggregationLedger(chain);
    this.syncLedger = new SyncLedger(chain);
    this.syncPool = new SyncCommitteePool(chain, syncLedger);
    this.aggregationPool = new AggregationPool(chain, pool::verifiedAt, aggregationLedger);
    this.aggregationEndpoints =
        new AggregationEndpoints(chain, aggregationPool, syncPool, aggregationLedger, syncLedger);
    final BlockFactory factory =
        new BlockFactory(
            chain,
            proposals,
            blobsPerBlock,
            builder,
            new BlockAttestations(chain, pool::verifiedAt),
            syncPool::syncAggregateForBlock);
    this.blocks =
        new BlockEndpoints(
            chain,
            proposals,
            factory,
            new BlockPublisher(chain, proposals, factory, onBlockImported));
    final ExitRegistry exits = new ExitRegistry();
    this.states = new StateEndpoints(chain, exits);
    this.operationLedger =
        new OperationLedger(
            (int) chain.validators().stream().filter(SimValidator::cluster).count());
    this.operations = new OperationEndpoints(chain, ledger, exits, operationLedger);
    this.validatorEndpoints = new ValidatorEndpoints(chain, pool);
    this.rewards = new RewardEndpoints(chain, ledger, syncLedger, states::blockSlot);
    this.genesisDelaySeconds = genesisDelaySeconds;
  }

  /** What the simulator has seen (also {@code GET /dvc/v1/summary}). */
  public SimSummary summary() {
    return ledger.summary(proposals.summary(), aggregationLedger.toJson(), syncLedger.toJson());
  }

  /**
   * The summary with the registrations, exits and doppelgangers seen (the body of {@code GET
   * /dvc/v1/summary}).
   */
  public ObjectNode summaryJson() {
    final ObjectNode json = summary().toJson();
    operationLedger.addTo(json, chain.currentEpoch());
    return json;
  }

  /** Makes a validator appear live from "elsewhere" in every epoch's liveness (a doppelganger). */
  public void markLiveElsewhere(final int validatorIndex) {
    operationLedger.markLiveElsewhere(validatorIndex);
  }

  /** Forgets which signatures already verified, so the next submissions verify afresh. */
  public void forgetVerifiedSignatures() {
    pool.forgetVerified();
    syncPool.forgetVerified();
    aggregationPool.forgetVerified();
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
        return only(get, r, () -> versionResponse(clientVersion));
      case "/eth/v1/node/health":
        return only(get, r, ApiResponse::empty);
      case "/dvc/v1/summary":
        return only(get, r, () -> ApiResponse.ok(summaryJson()));
      default:
        break;
    }
    return validatorEndpoints
        .route(r, path)
        .or(() -> aggregationEndpoints.route(r, path))
        .or(() -> blocks.route(r, path))
        .or(() -> states.route(r, path))
        .or(() -> operations.route(r, path))
        .or(() -> rewards.route(r, path))
        .orElseThrow(
            () -> ApiException.notFound("no such endpoint: " + r.method() + " " + r.path()));
  }

  /** The version string of {@code /eth/v1/node/version} ({@link SimControls#clientName}). */
  void clientVersion(final String version) {
    clientVersion = version;
  }

  /** The answer of {@code /eth/v1/node/version} for a version string. */
  static ApiResponse versionResponse(final String version) {
    return ApiResponse.ok(data(F.objectNode().put("version", version)));
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
          ApiSupport.forkJson(
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
  // ---- helpers ----

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
