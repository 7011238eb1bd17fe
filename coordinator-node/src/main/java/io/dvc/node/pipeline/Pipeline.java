package io.dvc.node.pipeline;

import io.dvc.bls.BlsPublicKey;
import io.dvc.common.time.SlotClock;
import io.dvc.consensus.driver.QbftEventLoop;
import io.dvc.consensus.driver.QbftListener;
import io.dvc.consensus.driver.Transport;
import io.dvc.consensus.message.QbftMessage;
import io.dvc.consensus.qbft.Decision;
import io.dvc.consensus.qbft.Rejection;
import io.dvc.node.beacon.HeadEvent;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.ValidatorShare;
import io.dvc.node.duty.DutyTracker;
import io.dvc.node.duty.DutyType;
import io.dvc.node.parsig.PartialSignatureCodec;
import io.dvc.slashing.SlashingProtection;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.signing.SigningRoots;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The one wiring class of the duty pipeline: builds the stages from a {@link NodeEnvironment} and
 * the duty plug-ins and connects each stage's outputs to the next stage's inputs, as in
 * ../shared/design/architecture.md:
 *
 * <pre>
 * Scheduler → Fetcher → Consensus → Signer → ParSigEx (peers) ⇄ ParSigDb → Aggregator → AggSigDb
 *   → Broadcaster → beacon nodes;   the tracker observes every stage.
 * </pre>
 *
 * No stage holds a reference to another; production ({@code CoordinatorNode}), the start-up
 * rehearsal and the in-process test cluster all build the node here.
 */
public final class Pipeline {
  public static final String QBFT_PROTOCOL = "/dvc/qbft/1.0.0";

  private final Scheduler scheduler;
  private final DutyTracker tracker;
  private final DutyStates states;
  private final List<DutyPlugin> plugins;
  private final ConsensusStage consensus;

  private Pipeline(
      final Scheduler scheduler,
      final DutyTracker tracker,
      final DutyStates states,
      final List<DutyPlugin> plugins,
      final ConsensusStage consensus) {
    this.scheduler = scheduler;
    this.tracker = tracker;
    this.states = states;
    this.plugins = plugins;
    this.consensus = consensus;
  }

  /** Builds and connects a node's pipeline; nothing runs until {@link #start}. */
  public static Pipeline create(
      final NodeEnvironment env,
      final ClusterRuntime cluster,
      final Map<Long, ValidatorShare> shares,
      final ForkSchedule schedule,
      final SlashingProtection protection,
      final List<Function<PluginContext, DutyPlugin>> pluginFactories) {
    return create(env, cluster, shares, schedule, protection, pluginFactories, SigningGate.OPEN);
  }

  /**
   * The same, with a gate that holds validators back from signing (doppelganger protection); the
   * gate sees every combined signature.
   */
  public static Pipeline create(
      final NodeEnvironment env,
      final ClusterRuntime cluster,
      final Map<Long, ValidatorShare> shares,
      final ForkSchedule schedule,
      final SlashingProtection protection,
      final List<Function<PluginContext, DutyPlugin>> pluginFactories,
      final SigningGate gate) {
    final SlotClock clock = schedule.slotClock(env.time());
    final DutyStates states = new DutyStates();
    final DutyTracker tracker = new DutyTracker(env.time());
    final SlashingProtectedSigner signer = new SlashingProtectedSigner(protection, shares);
    final AggSigDb aggSigDb = new AggSigDb();
    final Decisions decisions = new Decisions();

    final Map<Long, BlsPublicKey> validators = new HashMap<>();
    final Map<Long, Aggregator.ValidatorKeys> keys = new HashMap<>();
    shares.forEach(
        (index, share) -> {
          validators.put(index, share.groupPublicKey());
          keys.put(index, Aggregator.ValidatorKeys.of(share));
        });
    final PluginContext context =
        new PluginContext(
            validators,
            schedule,
            new SigningRoots(schedule),
            clock,
            env.time(),
            env.beacon(),
            signer::refusal,
            aggSigDb,
            decisions,
            env.timers(),
            env.loop(),
            env.log());
    final List<DutyPlugin> plugins =
        pluginFactories.stream().map(factory -> factory.apply(context)).toList();

    final Scheduler scheduler =
        new Scheduler(clock, plugins, decisions::required, env.timers(), env.loop(), env.log());
    final Fetcher fetcher =
        new Fetcher(states, tracker, env.time(), clock.millisPerSlot(), env.loop(), env.log());
    final ConsensusStage consensus = new ConsensusStage(states, env.time(), env.metrics());
    final SignerStage signerStage =
        new SignerStage(signer, tracker, env.time(), cluster.selfIndex(), gate);
    final ParSigEx parSigEx =
        new ParSigEx(
            new PartialSignatureCodec(maxPartialsPerSet(shares.size(), schedule)),
            cluster.nodeKey(),
            cluster.selfIndex(),
            cluster.operators(),
            env.messaging(),
            env.log(),
            () -> env.time().currentTimeMillis() * 1_000_000L,
            (operator, kind) -> env.metrics().peerFault(operator, kind),
            env.time()::currentTimeMillis,
            clock.millisPerSlot() / 3);
    final ParSigDb parSigDb =
        new ParSigDb(
            cluster.threshold(), cluster.operatorIndices(), states, tracker, clock, env.log());
    final Aggregator aggregator =
        new Aggregator(cluster.threshold(), keys, states, tracker, env.time(), env.log());
    final Broadcaster broadcaster =
        new Broadcaster(states, tracker, env.time(), env.loop(), env.log());
    consensus.attach(qbft(env, cluster, schedule, consensus));

    scheduler.subscribeDutyStarts(
        start -> fetcher.onDutyStart(start, clock.slotStartMillis(start.slot())));
    fetcher.subscribeStarted(consensus::onStarted);
    fetcher.subscribe(consensus::propose);
    consensus.subscribe(
        state -> decisions.onDecided(state.plugin.type(), state.slot, state.decided.orElseThrow()));
    consensus.subscribe(
        state -> {
          if (state.validators.isEmpty()) {
            decisions.onSettled(state.plugin.type(), state.slot);
          }
        });
    consensus.subscribe(signerStage::onDecided);
    signerStage.subscribePartials(parSigEx::broadcast);
    signerStage.subscribePartials(parSigDb::add);
    signerStage.subscribeExpectedRoots(
        state ->
            broadcaster.onExpectedRoots(state, aggSigDb.stored(state.plugin.type(), state.slot)));
    parSigEx.subscribe(parSigDb::add);
    parSigEx.subscribeArrivals(
        arrival ->
            DutyType.ofCode(arrival.dutyType())
                .flatMap(type -> states.get(type, arrival.slot()))
                .ifPresent(
                    state ->
                        env.metrics()
                            .partialSignatureArrived(
                                Integer.toString(arrival.operator()),
                                env.time().currentTimeMillis() - state.startMillis)));
    parSigDb.subscribe(aggregator::combine);
    aggregator.subscribeRejections(parSigDb::reject);
    aggregator.subscribeRejections(
        (ready, bad) ->
            bad.forEach(operator -> env.metrics().peerFault(operator, "bad_partial_signature")));
    aggregator.subscribe(aggSigDb::store);
    aggregator.subscribe(signatures -> signatures.forEach(gate::onCombined));
    aggSigDb.subscribe(broadcaster::onCombined);
    broadcaster.subscribeSubmitted(state -> decisions.onSettled(state.plugin.type(), state.slot));
    scheduler.subscribeSlots(
        slot -> {
          consensus.expireBefore(slot - 2);
          states.pruneBefore(slot - 2);
          parSigDb.pruneBefore(slot - 2);
          aggSigDb.pruneBefore(slot - 2);
          decisions.pruneBefore(slot - 2);
          parSigEx.pruneBefore(slot - 2);
        });
    scheduler.subscribeTicks(slot -> tracker.expire());
    return new Pipeline(scheduler, tracker, states, plugins, consensus);
  }

  /**
   * The most partials one set may hold: a validator's one signature per duty, or a slot's sync
   * selection proofs (one per subcommittee of each member: at most SYNC_COMMITTEE_SIZE positions,
   * and at most 4 subcommittees per validator).
   */
  static int maxPartialsPerSet(final int validators, final ForkSchedule schedule) {
    final long syncPerSlot =
        Math.min(
            (long) validators * io.dvc.spec.Preset.SYNC_COMMITTEE_SUBNET_COUNT,
            schedule.preset().syncCommitteeSize());
    return (int) Math.min(1 << 20, Math.max(Math.max(16, validators), syncPerSlot));
  }

  private static QbftEventLoop qbft(
      final NodeEnvironment env,
      final ClusterRuntime cluster,
      final ForkSchedule schedule,
      final ConsensusStage consensus) {
    final QbftEventLoop[] self = new QbftEventLoop[1];
    final io.dvc.p2p.util.LogRateLimiter faultLog =
        new io.dvc.p2p.util.LogRateLimiter(
            5, 1_000_000_000L, () -> env.time().currentTimeMillis() * 1_000_000L);
    self[0] =
        ClusterConsensus.create(
            cluster,
            schedule.secondsPerSlot(),
            schedule.slotsPerEpoch(),
            consensus.valueValidator(),
            new Transport() {
              @Override
              public void send(
                  final int operator, final QbftMessage decoded, final byte[] message) {
                env.messaging().send(operator, QBFT_PROTOCOL, message);
              }
            },
            env.time(),
            at -> env.timers().at(at, () -> self[0].onWakeup()),
            new QbftListener() {
              @Override
              public void onDecided(final Decision decision) {
                FailedLeaders.report(
                    decision,
                    cluster.operatorIndices(),
                    schedule.slotsPerEpoch(),
                    cluster.selfIndex(),
                    env);
                consensus.onDecided(decision);
              }

              @Override
              public void onDropped(final int from, final Rejection rejection) {
                if (rejection.reason().isFault()) {
                  env.metrics()
                      .peerFault(
                          from,
                          "qbft_" + rejection.reason().name().toLowerCase(java.util.Locale.ROOT));
                  faultLog
                      .tryAcquire()
                      .ifPresent(
                          dropped ->
                              env.log()
                                  .warn(
                                      "dropped QBFT message from operator {}: {}{}",
                                      from,
                                      rejection,
                                      io.dvc.p2p.util.LogRateLimiter.suffix(dropped)));
                } else {
                  env.log().debug("dropped QBFT message from operator {}: {}", from, rejection);
                }
              }
            },
            env.messaging()::connected);
    env.messaging().handle(QBFT_PROTOCOL, consensus::onWire);
    return self[0];
  }

  /** Loads this and the next epoch's duties (completes when known or failed). */
  public CompletableFuture<Void> loadInitial(final long epoch) {
    return scheduler.loadInitial(epoch);
  }

  /** Starts the slot ticks from this slot on. */
  public void start(final long firstSlot) {
    scheduler.start(firstSlot);
  }

  /**
   * Leaves, in every running consensus instance, a round whose leader this node no longer reaches:
   * a peer that drops or stalls during a round need not cost the round's timer.
   */
  public void recheckLeaders() {
    consensus.recheckLeaders();
  }

  /** Runs one tick of a slot now, for callers that drive slots themselves (tests). */
  public void tick(final long slot, final SlotOffset offset) {
    scheduler.runTick(slot, offset);
  }

  /** Input: a head event from a beacon node. */
  public void onHead(final HeadEvent head) {
    scheduler.onHead(head);
  }

  /** Input: a beacon node (re)connected. */
  public void onBeaconConnected(final String node) {
    scheduler.onBeaconConnected(node);
  }

  public DutyTracker tracker() {
    return tracker;
  }

  /** Duty states alive now (for status and tests). */
  public int liveDuties() {
    return states.size();
  }

  public List<DutyPlugin> plugins() {
    return plugins;
  }
}
