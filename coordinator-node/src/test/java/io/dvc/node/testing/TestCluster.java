package io.dvc.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.beaconsim.BeaconSimConfig;
import io.dvc.beaconsim.BeaconSimulator;
import io.dvc.beaconsim.CommitteeAssignment;
import io.dvc.bls.BlsSecretKey;
import io.dvc.common.async.ScheduledAsyncRunner;
import io.dvc.common.time.SlotClock;
import io.dvc.common.time.TimeProvider;
import io.dvc.node.beacon.FailoverBeaconClient;
import io.dvc.node.beacon.HttpBeaconNode;
import io.dvc.node.beacon.api.Genesis;
import io.dvc.node.beacon.api.GetGenesis;
import io.dvc.node.beacon.api.GetSpec;
import io.dvc.node.beacon.api.PostStateValidators;
import io.dvc.node.beacon.api.ValidatorInfo;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.ValidatorShare;
import io.dvc.node.duty.Duty;
import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyType;
import io.dvc.slashing.Root;
import io.dvc.slashing.SlashingProtection;
import io.dvc.slashing.SlashingSchema;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.storage.InMemoryKvStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * An in-process distributed-validator cluster for tests: n operators (default 4, t = 3), each a
 * {@link TestNode} with its own workflow thread, QBFT event loop and in-memory slashing protection,
 * joined by an {@link InMemoryNetwork}, and one embedded {@link BeaconSimulator} (minimal preset, 1
 * s slots) on loopback that every node reaches over HTTP. Cluster validator {@code v} has beacon
 * index {@code v}. Slots are driven by the test: {@link #runSlot} starts a slot's duties on the
 * running nodes at one third of the slot, as the node's slot timer does.
 */
public final class TestCluster implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long SLOT_THIRD_MARGIN_MILLIS = 150;
  private static final long OUTCOME_GRACE_MILLIS = 2_000;

  private final ClusterKeys keys;
  private final BeaconSimulator sim;
  private final ExecutorService http;
  private final ScheduledAsyncRunner probeRunner = new ScheduledAsyncRunner("test-probe", 1);
  private final ForkSchedule schedule;
  private final SlotClock clock;
  private final InMemoryNetwork network = new InMemoryNetwork();
  private final Map<Integer, TestNode> nodes = new LinkedHashMap<>();
  private final Set<Integer> crashed = new HashSet<>();
  private final Map<Integer, SwitchableBeaconNode> beacons = new HashMap<>();

  /** Settings of a test cluster. */
  public static final class Builder {
    private int operators = 4;
    private int threshold = 3;
    private int validators = 16;
    private int extraValidators = 0;
    private ForkName fork = ForkName.ELECTRA;
    private long seed = 1;
    private long genesisDelaySeconds = 1;
    private long genesisSecondsAgo = 0;
    private final Set<Integer> wrongKeyOperators = new HashSet<>();

    public Builder validators(final int value) {
      this.validators = value;
      return this;
    }

    public Builder extraValidators(final int value) {
      this.extraValidators = value;
      return this;
    }

    public Builder fork(final ForkName value) {
      this.fork = value;
      return this;
    }

    /** Seconds from start to genesis, so that the test can begin at slot 0. */
    public Builder genesisDelaySeconds(final long value) {
      this.genesisDelaySeconds = value;
      return this;
    }

    /** Genesis lies this far in the past (so that a test can start in a later epoch). */
    public Builder genesisSecondsAgo(final long value) {
      this.genesisSecondsAgo = value;
      this.genesisDelaySeconds = 0;
      return this;
    }

    public Builder seed(final long value) {
      this.seed = value;
      return this;
    }

    /** This operator holds unrelated secret keys instead of its shares (a faulty signer). */
    public Builder signsWithWrongKeys(final int operator) {
      wrongKeyOperators.add(operator);
      return this;
    }

    public TestCluster start() {
      return new TestCluster(this);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private TestCluster(final Builder b) {
    this.keys = ClusterKeys.generate(b.validators, b.operators, b.threshold, b.seed);
    // the sim fixes genesis from its clock at start: a clock that is behind just then puts
    // genesis in the past; from then on it runs on real time like the nodes
    final long[] offset = {-1000 * b.genesisSecondsAgo};
    final TimeProvider simTime = () -> System.currentTimeMillis() + offset[0];
    this.sim =
        BeaconSimulator.start(
            BeaconSimConfig.of(keys.groupKeys())
                .withTime(simTime)
                .withPreset(Preset.MINIMAL)
                .withSecondsPerSlot(1)
                .withFork(b.fork)
                .withExtraValidators(b.extraValidators)
                .withSeed(b.seed)
                .withGenesisDelaySeconds(b.genesisDelaySeconds));
    offset[0] = 0;
    this.http =
        Executors.newFixedThreadPool(
            2,
            r -> {
              final Thread thread = new Thread(r, "test-beacon-http");
              thread.setDaemon(true);
              return thread;
            });
    try {
      final FailoverBeaconClient probe = probeClient();
      final Genesis genesis = probe.call(new GetGenesis()).get(5, TimeUnit.SECONDS);
      this.schedule =
          ForkSchedule.fromBeaconApi(
              probe.call(new GetSpec()).get(5, TimeUnit.SECONDS), genesisJson(genesis));
      this.clock = schedule.slotClock(TimeProvider.SYSTEM);
      final Map<Long, Integer> validatorByIndex = resolveIndices(probe);
      for (int op = 1; op <= b.operators; op++) {
        final Map<Long, ValidatorShare> shares = new HashMap<>();
        for (final Map.Entry<Long, Integer> e : validatorByIndex.entrySet()) {
          final int v = e.getValue();
          final BlsSecretKey secret =
              b.wrongKeyOperators.contains(op)
                  ? ClusterKeys.unrelatedKey(b.seed, v)
                  : keys.secretShare(v, op);
          shares.put(
              e.getKey(),
              new ValidatorShare(keys.groupKeys().get(v), keys.publicShares(v), secret));
        }
        final ClusterRuntime runtime =
            new ClusterRuntime(
                "test-cluster",
                keys.operators(),
                b.threshold,
                op,
                keys.nodeKey(op),
                genesis.genesisForkVersion().toArray(),
                List.copyOf(shares.values()));
        final SlashingProtection protection =
            SlashingProtection.open(
                InMemoryKvStore.create(SlashingSchema.SCHEMA),
                Root.of(genesis.genesisValidatorsRoot().toArray()));
        final SwitchableBeaconNode beacon = new SwitchableBeaconNode(httpNode());
        beacons.put(op, beacon);
        nodes.put(op, new TestNode(runtime, shares, beacon, schedule, protection, network));
      }
    } catch (final Exception e) {
      close();
      throw new IllegalStateException("test cluster did not start: " + e, e);
    }
  }

  private HttpBeaconNode httpNode() {
    return new HttpBeaconNode(
        sim.url(),
        HttpBeaconNode.httpClient(Duration.ofSeconds(10), http),
        Duration.ofSeconds(10),
        HttpBeaconNode.LatencyListener.NONE,
        System::nanoTime);
  }

  private FailoverBeaconClient probeClient() {
    return new FailoverBeaconClient(
        List.of(httpNode()),
        probeRunner,
        System::nanoTime,
        FailoverBeaconClient.Options.forTimeout(Duration.ofSeconds(10)));
  }

  private Map<Long, Integer> resolveIndices(final FailoverBeaconClient beacon) throws Exception {
    final Map<String, Integer> byPubkey = new HashMap<>();
    for (int v = 0; v < keys.validatorCount(); v++) {
      byPubkey.put(keys.groupKeys().get(v).toHex(), v);
    }
    final List<ValidatorInfo> known =
        PostStateValidators.fetch(beacon, List.copyOf(byPubkey.keySet())).get(5, TimeUnit.SECONDS);
    final Map<Long, Integer> result = new HashMap<>();
    for (final ValidatorInfo info : known) {
      final Integer v = byPubkey.get(info.pubkey().toHex());
      if (v != null) {
        result.put(info.index(), v);
      }
    }
    if (result.size() != keys.validatorCount()) {
      throw new IllegalStateException(
          "beacon-sim knows " + result.size() + " of " + keys.validatorCount() + " validators");
    }
    return result;
  }

  private static JsonNode genesisJson(final Genesis genesis) {
    final ObjectNode node = MAPPER.createObjectNode();
    node.put("genesis_time", Long.toUnsignedString(genesis.genesisTime()));
    node.put("genesis_validators_root", genesis.genesisValidatorsRoot().toHex());
    node.put("genesis_fork_version", genesis.genesisForkVersion().toHex());
    return node;
  }

  public BeaconSimulator sim() {
    return sim;
  }

  public ClusterKeys keys() {
    return keys;
  }

  public SlotClock clock() {
    return clock;
  }

  public ForkSchedule schedule() {
    return schedule;
  }

  public InMemoryNetwork network() {
    return network;
  }

  public TestNode node(final int operator) {
    return nodes.get(operator);
  }

  public Collection<TestNode> nodes() {
    return nodes.values();
  }

  public List<Integer> operators() {
    return List.copyOf(nodes.keySet());
  }

  /** This operator's beacon node stops answering duty-time requests (or answers again). */
  public void beaconDown(final int operator, final boolean down) {
    beacons.get(operator).setDown(down);
  }

  /** These operators stop (no slot timer, no traffic) until {@link #restart}. */
  public void crash(final Integer... operators) {
    crashed.addAll(List.of(operators));
    network.silence(Set.of(operators));
  }

  /** Crashed operators run again, with the state they had (their databases survive). */
  public void restart(final Integer... operators) {
    crashed.removeAll(List.of(operators));
    network.restore(Set.of(operators));
  }

  /** The operators that are not crashed. */
  public List<Integer> running() {
    return nodes.keySet().stream().filter(op -> !crashed.contains(op)).toList();
  }

  /** The first slot whose one-third point is comfortably ahead of now. */
  public long nextStartableSlot() {
    final long now = TimeProvider.SYSTEM.currentTimeMillis();
    long slot = Math.max(0, clock.currentSlot());
    while (clock.slotStartMillis(slot) + clock.millisPerSlot() / 3
        < now + SLOT_THIRD_MARGIN_MILLIS) {
      slot++;
    }
    return slot;
  }

  /**
   * Loads the duties of the slot's epoch and the next on the running nodes, waits for one third of
   * the slot and starts it on every running node (the delayed ones later by their delay).
   */
  public void runSlot(final long slot) throws Exception {
    runSlot(slot, Map.of());
  }

  public void runSlot(final long slot, final Map<Integer, Long> startDelayMillis) throws Exception {
    final long epoch = clock.epochOf(slot);
    for (final int op : running()) {
      final TestNode node = nodes.get(op);
      node.load(epoch).get(5, TimeUnit.SECONDS);
    }
    sleepUntil(clock.slotStartMillis(slot) + clock.millisPerSlot() / 3);
    final List<Integer> running = running();
    for (final int op : running) {
      if (!startDelayMillis.containsKey(op)) {
        nodes.get(op).startSlot(slot);
      }
    }
    for (final Map.Entry<Integer, Long> delayed : startDelayMillis.entrySet()) {
      sleepUntil(clock.slotStartMillis(slot) + clock.millisPerSlot() / 3 + delayed.getValue());
      if (running.contains(delayed.getKey())) {
        nodes.get(delayed.getKey()).startSlot(slot);
      }
    }
  }

  /** Runs consecutive slots. */
  public void runSlots(final long first, final long last) throws Exception {
    for (long slot = first; slot <= last; slot++) {
      runSlot(slot);
    }
  }

  /** The attester duties of the cluster's validators at a slot, from the beacon chain itself. */
  public List<Duty> expectedDuties(final long slot) {
    final List<Duty> duties = new ArrayList<>();
    for (int v = 0; v < keys.validatorCount(); v++) {
      final CommitteeAssignment a = sim.chain().assignment(clock.epochOf(slot), v);
      if (a.slot() == slot) {
        duties.add(new Duty(DutyType.ATTESTER, slot, v));
      }
    }
    return duties;
  }

  public List<Duty> expectedDuties(final Collection<Long> slots) {
    return slots.stream().flatMap(s -> expectedDuties(s).stream()).toList();
  }

  /** The committee indices of the cluster's validators at a slot. */
  public Set<Integer> clusterCommitteesAt(final long slot) {
    final Set<Integer> committees = new TreeSet<>();
    for (int v = 0; v < keys.validatorCount(); v++) {
      final CommitteeAssignment a = sim.chain().assignment(clock.epochOf(slot), v);
      if (a.slot() == slot) {
        committees.add(a.committeeIndex());
      }
    }
    return committees;
  }

  /**
   * Waits until each of these operators has an outcome for every duty of the slots, or until the
   * duties' deadline (two slots after the last) plus a grace period has passed; either way returns
   * the outcomes so far.
   */
  public Map<Integer, List<DutyOutcome>> awaitOutcomes(
      final Collection<Long> slots, final Collection<Integer> operators)
      throws InterruptedException {
    final List<Duty> expected = expectedDuties(slots);
    final long lastSlot = slots.stream().mapToLong(Long::longValue).max().orElse(0);
    final long giveUp = clock.slotStartMillis(lastSlot + 2) + OUTCOME_GRACE_MILLIS;
    while (TimeProvider.SYSTEM.currentTimeMillis() < giveUp) {
      if (operators.stream().allMatch(op -> hasAll(nodes.get(op), expected))) {
        break;
      }
      Thread.sleep(50);
    }
    final Map<Integer, List<DutyOutcome>> result = new LinkedHashMap<>();
    for (final int op : operators) {
      result.put(
          op,
          nodes.get(op).outcomes().stream().filter(o -> slots.contains(o.duty().slot())).toList());
    }
    return result;
  }

  private static boolean hasAll(final TestNode node, final List<Duty> expected) {
    final Set<Duty> seen = new HashSet<>();
    node.outcomes().forEach(o -> seen.add(o.duty()));
    return seen.containsAll(expected);
  }

  public static List<Long> slots(final long first, final long last) {
    return IntStream.rangeClosed(0, (int) (last - first)).mapToObj(i -> first + i).toList();
  }

  private static void sleepUntil(final long millis) throws InterruptedException {
    final long wait = millis - TimeProvider.SYSTEM.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  @Override
  public void close() {
    nodes.values().forEach(TestNode::close);
    if (http != null) {
      http.shutdownNow();
    }
    probeRunner.close();
    if (sim != null) {
      sim.close();
    }
  }
}
