package io.dvc.node.testing;

import io.dvc.bls.BlsSecretKey;
import io.dvc.common.time.SlotClock;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.FailoverBeaconClient;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.ValidatorShare;
import io.dvc.node.doppelganger.DoppelgangerCheck;
import io.dvc.node.doppelganger.DoppelgangerGuard;
import io.dvc.node.duties.aggregation.AggregationDuty;
import io.dvc.node.duties.attester.AttesterPlugin;
import io.dvc.node.duties.exit.ExitConfig;
import io.dvc.node.duties.exit.ExitPlugin;
import io.dvc.node.duties.proposer.ProposerConfig;
import io.dvc.node.duties.proposer.ProposerDuty;
import io.dvc.node.duties.registration.RegistrationConfig;
import io.dvc.node.duties.registration.RegistrationPlugin;
import io.dvc.node.duties.sync.SyncCommitteeDuty;
import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyType;
import io.dvc.node.metrics.NodeMetrics;
import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.NodeEnvironment;
import io.dvc.node.pipeline.Pipeline;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.node.pipeline.SigningGate;
import io.dvc.node.sim.ManualWorld;
import io.dvc.slashing.Root;
import io.dvc.slashing.SlashingProtection;
import io.dvc.slashing.SlashingSchema;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.ssz.Bytes;
import io.dvc.storage.InMemoryKvStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * An in-process cluster on manual time: n operators, each a {@link Pipeline} built exactly as
 * {@code CoordinatorNode} builds it, on one {@link ManualWorld}, each with its own in-memory beacon
 * node ({@link FakeBeaconNode} behind the real failover client) over one {@link FakeChain}, and its
 * own in-memory slashing protection. Nothing sleeps: {@link #runSlots} moves the clock.
 */
public final class SimulatedCluster {
  public static final Bytes FEE_RECIPIENT = Bytes.fromHex("0x" + "ab".repeat(20));
  public static final long GAS_LIMIT = 30_000_000L;

  private final ClusterKeys keys;
  private final ForkSchedule schedule;
  private final SlotClock clock;
  private final ManualWorld world;
  private final FakeChain chain;
  private final Map<Integer, Pipeline> pipelines = new LinkedHashMap<>();
  private final Map<Integer, FakeBeaconNode> beacons = new HashMap<>();
  private final Map<Integer, SlashingProtection> protections = new HashMap<>();
  private final Map<Integer, List<DutyOutcome>> outcomes = new HashMap<>();
  private final Map<Integer, ExitPlugin> exitPlugins = new HashMap<>();
  private final Map<Integer, NodeMetrics> metrics = new HashMap<>();
  private final Map<Integer, DoppelgangerCheck> doppelgangerChecks = new HashMap<>();
  private final Map<Integer, DoppelgangerGuard> doppelgangerGuards = new HashMap<>();
  private final Map<Integer, FailingKvStore> stores = new HashMap<>();

  /** Settings. */
  public static final class Builder {
    private int operators = 4;
    private int threshold = 3;
    private int validators = 8;
    private ForkName fork = ForkName.ELECTRA;
    private long secondsPerSlot = 12;
    private boolean builder;
    private final Set<Integer> wrongKeys = new HashSet<>();
    private boolean registrations;
    private boolean exits;
    private long exitMaxFutureEpochs;
    private final Set<Integer> refusingExits = new HashSet<>();
    private final Set<Integer> doppelganger = new HashSet<>();
    private final Set<Integer> history = new HashSet<>();

    /** Every node runs the builder-registration plug-in. */
    public Builder registrations() {
      this.registrations = true;
      return this;
    }

    /**
     * Every node runs the exit plug-in, allowing exit epochs up to this far ahead; the listed
     * operators refuse to sign exits.
     */
    public Builder exits(final long maxFutureEpochs, final Set<Integer> refusing) {
      this.exits = true;
      this.exitMaxFutureEpochs = maxFutureEpochs;
      this.refusingExits.addAll(refusing);
      return this;
    }

    /** These operators run doppelganger protection. */
    public Builder doppelgangerProtection(final Set<Integer> operators) {
      doppelganger.addAll(operators);
      return this;
    }

    /** These operators' slashing protection already holds history for every validator. */
    public Builder slashingHistory(final Set<Integer> operators) {
      history.addAll(operators);
      return this;
    }

    private final Map<Integer, io.dvc.node.fault.TestFault> hostile = new HashMap<>();

    public Builder validators(final int value) {
      this.validators = value;
      return this;
    }

    public Builder fork(final ForkName value) {
      this.fork = value;
      return this;
    }

    public Builder builder(final boolean value) {
      this.builder = value;
      return this;
    }

    public Builder secondsPerSlot(final long value) {
      this.secondsPerSlot = value;
      return this;
    }

    /** This operator's outgoing messages are rewritten as a malicious operator would. */
    public Builder hostile(final int operator, final io.dvc.node.fault.TestFault fault) {
      hostile.put(operator, fault);
      return this;
    }

    /** This operator signs with keys unrelated to its shares (a faulty signer). */
    public Builder signsWithWrongKeys(final int operator) {
      wrongKeys.add(operator);
      return this;
    }

    public SimulatedCluster build() {
      return new SimulatedCluster(this);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private SimulatedCluster(final Builder b) {
    this.keys = ClusterKeys.generate(b.validators, b.operators, b.threshold, 7);
    final Map<ForkName, Long> epochs = new EnumMap<>(ForkName.class);
    final Map<ForkName, Bytes> versions = new EnumMap<>(ForkName.class);
    for (final ForkName f : ForkName.values()) {
      epochs.put(f, f.compareTo(b.fork) <= 0 ? 0L : ForkSchedule.FAR_FUTURE_EPOCH);
      versions.put(f, Bytes.of(new byte[] {(byte) f.ordinal(), 0, 0, 1}));
    }
    final long genesisTime = 1_700_000_000L;
    this.schedule =
        ForkSchedule.of(
            versions,
            epochs,
            Bytes.of(new byte[32]),
            genesisTime,
            b.secondsPerSlot,
            Preset.MINIMAL);
    this.world = new ManualWorld(genesisTime * 1000);
    this.clock = schedule.slotClock(world.time());
    this.chain = new FakeChain(schedule, keys.groupKeys());
    chain.operations().setClock(clock::currentEpoch);
    final ProposerConfig proposer =
        new ProposerConfig(
            FEE_RECIPIENT, ProposerConfig.graffiti("simulated"), b.builder, Duration.ofMillis(100));
    for (int op = 1; op <= b.operators; op++) {
      final Map<Long, ValidatorShare> shares = new HashMap<>();
      for (int v = 0; v < b.validators; v++) {
        final BlsSecretKey secret =
            b.wrongKeys.contains(op) ? ClusterKeys.unrelatedKey(7, v) : keys.secretShare(v, op);
        shares.put(
            (long) v, new ValidatorShare(keys.groupKeys().get(v), keys.publicShares(v), secret));
      }
      final ClusterRuntime cluster =
          new ClusterRuntime(
              "simulated",
              keys.operators(),
              b.threshold,
              op,
              keys.nodeKey(op),
              versions.get(ForkName.PHASE0).toArray(),
              List.copyOf(shares.values()),
              FEE_RECIPIENT.toArray());
      final FakeBeaconNode beaconNode = new FakeBeaconNode("http://beacon-" + op, chain);
      beacons.put(op, beaconNode);
      final BeaconClient beacon =
          new FailoverBeaconClient(
              List.of(beaconNode),
              world.asyncRunner(op),
              world::nanoTime,
              FailoverBeaconClient.Options.forTimeout(Duration.ofSeconds(2)));
      final NodeMetrics nodeMetrics = new NodeMetrics();
      metrics.put(op, nodeMetrics);
      final NodeEnvironment.PeerMessaging messaging =
          b.hostile.containsKey(op)
              ? new io.dvc.node.fault.HostileMessaging(
                  world.messaging(op),
                  b.hostile.get(op),
                  op,
                  cluster.operatorIndices(),
                  keys.nodeKey(op))
              : world.messaging(op);
      final NodeEnvironment env =
          new NodeEnvironment(
              world.time(),
              world.loop(op),
              world.timers(op),
              messaging,
              beacon,
              nodeMetrics,
              LoggerFactory.getLogger("io.dvc.node.testing.operator-" + op));
      final SlashingProtection protection =
          SlashingProtection.open(
              stores.computeIfAbsent(
                  op, o -> new FailingKvStore(InMemoryKvStore.create(SlashingSchema.SCHEMA))),
              Root.of(new byte[32]));
      protections.put(op, protection);
      if (b.history.contains(op)) {
        recordHistory(protection);
      }
      metrics.put(op, env.metrics());
      final List<Function<PluginContext, DutyPlugin>> plugins = new ArrayList<>();
      plugins.add(AttesterPlugin::new);
      plugins.addAll(ProposerDuty.plugins(proposer));
      plugins.addAll(AggregationDuty.plugins());
      plugins.addAll(SyncCommitteeDuty.plugins());
      addOperationPlugins(b, op, env, plugins);
      final SigningGate gate = doppelganger(b, op, env, protection);
      final Pipeline pipeline =
          Pipeline.create(env, cluster, shares, schedule, protection, plugins, gate);
      final List<DutyOutcome> mine = new ArrayList<>();
      outcomes.put(op, mine);
      pipeline.tracker().subscribe(mine::add);
      pipelines.put(op, pipeline);
    }
  }

  private void addOperationPlugins(
      final Builder b,
      final int op,
      final NodeEnvironment env,
      final List<Function<PluginContext, DutyPlugin>> plugins) {
    if (b.registrations) {
      plugins.add(RegistrationPlugin.factory(new RegistrationConfig(FEE_RECIPIENT, GAS_LIMIT)));
    }
    if (b.exits) {
      final Map<Integer, io.dvc.p2p.crypto.PeerPublicKey> operatorKeys = new HashMap<>();
      keys.operators().forEach(o -> operatorKeys.put(o.index(), o.publicKey()));
      plugins.add(
          ExitPlugin.factory(
              new ExitConfig(
                  !b.refusingExits.contains(op), b.exitMaxFutureEpochs, op, operatorKeys),
              env.messaging(),
              plugin -> exitPlugins.put(op, plugin)));
    }
  }

  private SigningGate doppelganger(
      final Builder b,
      final int op,
      final NodeEnvironment env,
      final SlashingProtection protection) {
    if (!b.doppelganger.contains(op)) {
      return SigningGate.OPEN;
    }
    final Map<Long, io.dvc.bls.BlsPublicKey> groupKeys = new HashMap<>();
    for (int v = 0; v < keys.groupKeys().size(); v++) {
      groupKeys.put((long) v, keys.groupKeys().get(v));
    }
    final java.util.Optional<DoppelgangerCheck> check =
        DoppelgangerCheck.forValidators(
            protection,
            groupKeys,
            env.beacon(),
            clock,
            env.timers(),
            env.loop(),
            env.log(),
            g -> env.metrics().doppelganger(g.waiting().size(), g.detected().size()));
    if (check.isEmpty()) {
      return SigningGate.OPEN;
    }
    doppelgangerChecks.put(op, check.get());
    doppelgangerGuards.put(op, check.get().guard());
    return check.get().guard();
  }

  /** An attestation of every validator at epoch 0, as a node that signed before would hold. */
  private void recordHistory(final SlashingProtection protection) {
    final List<io.dvc.slashing.AttestationSigningRequest> requests = new ArrayList<>();
    for (final io.dvc.bls.BlsPublicKey key : keys.groupKeys()) {
      requests.add(
          new io.dvc.slashing.AttestationSigningRequest(
              io.dvc.slashing.Pubkey.of(key.toBytes()), 0, 0, Root.of(new byte[32])));
    }
    protection.checkAndRecordAttestations(requests);
  }

  /** The exit plug-in of an operator (with {@link Builder#exits}). */
  public ExitPlugin exitPlugin(final int operator) {
    return exitPlugins.get(operator);
  }

  /** The doppelganger guard of an operator, if it holds any validator. */
  public java.util.Optional<DoppelgangerGuard> doppelgangerGuard(final int operator) {
    return java.util.Optional.ofNullable(doppelgangerGuards.get(operator));
  }

  public NodeMetrics metrics(final int operator) {
    return metrics.get(operator);
  }

  public ManualWorld world() {
    return world;
  }

  public FakeChain chain() {
    return chain;
  }

  public SlotClock clock() {
    return clock;
  }

  public ForkSchedule schedule() {
    return schedule;
  }

  public ClusterKeys keys() {
    return keys;
  }

  public FakeBeaconNode beacon(final int operator) {
    return beacons.get(operator);
  }

  public io.dvc.p2p.crypto.NodeKey nodeKey(final int operator) {
    return keys.nodeKey(operator);
  }

  /** The operator's slashing-protection store (its writes can be made to fail). */
  public FailingKvStore slashingStore(final int operator) {
    return stores.get(operator);
  }

  public SlashingProtection protection(final int operator) {
    return protections.get(operator);
  }

  public Set<Integer> operators() {
    return pipelines.keySet();
  }

  /** Loads the duties of the first slot's epoch and starts every node's ticks there. */
  public SimulatedCluster start(final long firstSlot) {
    return start(firstSlot, Set.of());
  }

  /**
   * As {@link #start(long)}, but the operators in {@code later} stay unstarted (and cut off from
   * the others) until {@link #startLate}.
   */
  public SimulatedCluster start(final long firstSlot, final Set<Integer> later) {
    later.forEach(
        late ->
            pipelines
                .keySet()
                .forEach(
                    op -> {
                      world.cut(op, late);
                      world.cut(late, op);
                    }));
    world.runUntil(clock.slotStartMillis(firstSlot) - clock.millisPerSlot() / 2);
    pipelines.forEach(
        (op, p) -> {
          if (!later.contains(op)) {
            p.loadInitial(clock.epochOf(firstSlot));
          }
        });
    world.runNow();
    pipelines.forEach(
        (op, p) -> {
          if (!later.contains(op)) {
            p.start(firstSlot);
          }
        });
    doppelgangerChecks.forEach(
        (op, check) -> {
          if (!later.contains(op)) {
            world.loop(op).execute(check::start);
          }
        });
    return this;
  }

  /**
   * A late operator joins now (reconnected, loading its duties: its pre-consensus rounds run at
   * once) and starts its ticks at {@code firstSlot}.
   */
  public void startLate(final int operator, final long firstSlot) {
    pipelines
        .keySet()
        .forEach(
            op -> {
              world.heal(op, operator);
              world.heal(operator, op);
            });
    pipelines.get(operator).loadInitial(clock.epochOf(firstSlot));
    world.runNow();
    pipelines.get(operator).start(firstSlot);
  }

  /** Runs the world up to the start of {@code slot} (exclusive). */
  public void runUntilSlot(final long slot) {
    world.runUntil(clock.slotStartMillis(slot) - 1);
  }

  public void crash(final int operator) {
    world.crash(operator);
  }

  /** Every outcome of a duty type this operator's tracker reported. */
  public List<DutyOutcome> outcomes(final int operator, final DutyType type) {
    return outcomes.get(operator).stream().filter(o -> o.duty().type() == type).toList();
  }
}
