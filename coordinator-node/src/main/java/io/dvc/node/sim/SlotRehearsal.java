package io.dvc.node.sim;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.threshold.KeySplit;
import io.dvc.bls.threshold.SecretShare;
import io.dvc.bls.threshold.ThresholdKeySplitter;
import io.dvc.common.time.SlotClock;
import io.dvc.node.beacon.FailoverBeaconClient;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.Operator;
import io.dvc.node.cluster.ValidatorShare;
import io.dvc.node.duties.attester.AttesterPlugin;
import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.metrics.NodeMetrics;
import io.dvc.node.pipeline.NodeEnvironment;
import io.dvc.node.pipeline.Pipeline;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.slashing.Root;
import io.dvc.slashing.SlashingProtection;
import io.dvc.slashing.SlashingSchema;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.storage.InMemoryKvStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the real attestation path of a few slots, in memory and on throw-away keys, before a node
 * takes its first duty: n virtual operators with the cluster's n and t, each a {@link Pipeline}
 * built exactly as the node builds its own, on a {@link ManualWorld} (manual time, one event queue
 * on the calling thread), with an in-memory beacon node and slashing protection. The JIT compiler
 * has then seen every step of a slot (consensus and its secp256k1 signatures, slashing rules, share
 * signing, the partial-signature codec and store, combine and batch verify, the submission body),
 * so the first real slot is not run in the interpreter. It touches no state of the node and does no
 * I/O; its result doubles as a self-check of the path.
 */
public final class SlotRehearsal {
  /** The logger of the rehearsal's pipelines (WARN by default). */
  static final Logger LOG = LoggerFactory.getLogger(SlotRehearsal.class.getName() + ".rehearsal");

  /** What the rehearsal did: every duty should have succeeded. */
  public record Result(int slots, int duties, int succeeded, long submitted, long millis) {
    public boolean allSucceeded() {
      return succeeded == duties && submitted == duties;
    }
  }

  private SlotRehearsal() {}

  /**
   * Rehearses {@code slots} slots of {@code validators} attesters each, starting at {@code
   * firstSlot} (one slot per epoch, so each epoch's duties are loaded as in a real node).
   */
  public static Result run(
      final ForkSchedule schedule,
      final int operatorCount,
      final int threshold,
      final int validators,
      final long firstSlot,
      final int slots) {
    if (operatorCount < 1
        || threshold < 1
        || threshold > operatorCount
        || validators < 1
        || slots < 1) {
      throw new IllegalArgumentException(
          "rehearsal needs 1 <= t <= n, validators >= 1 and slots >= 1");
    }
    final long start = System.nanoTime();
    final SecureRandom random = new SecureRandom();
    final List<KeySplit> splits = new ArrayList<>(validators);
    final ThresholdKeySplitter splitter = new ThresholdKeySplitter(random);
    final Map<Long, byte[]> pubkeys = new HashMap<>();
    for (int v = 0; v < validators; v++) {
      final KeySplit split = splitter.splitRandom(threshold, operatorCount);
      splits.add(split);
      pubkeys.put((long) v, split.commitments().groupPublicKey().toBytes());
    }
    final List<NodeKey> nodeKeys = new ArrayList<>();
    final List<Operator> operators = new ArrayList<>();
    for (int i = 1; i <= operatorCount; i++) {
      final NodeKey key = NodeKey.generate(random);
      nodeKeys.add(key);
      operators.add(
          new Operator(i, key.peerId(), Operator.publicKeyOf(key.peerId()), Optional.empty()));
    }
    final SlotClock probe = schedule.slotClock(() -> 0L);
    final ManualWorld world = new ManualWorld(probe.slotStartMillis(firstSlot));
    final RehearsalBeacon beacon = new RehearsalBeacon(schedule, pubkeys);
    final List<DutyOutcome> outcomes = new ArrayList<>();
    final List<Pipeline> pipelines = new ArrayList<>();
    for (int i = 1; i <= operatorCount; i++) {
      final Map<Long, ValidatorShare> shares = shares(splits, i);
      final ClusterRuntime cluster =
          new ClusterRuntime(
              "rehearsal",
              operators,
              threshold,
              i,
              nodeKeys.get(i - 1),
              schedule.genesisForkVersion().toArray(),
              List.copyOf(shares.values()));
      final NodeEnvironment env =
          new NodeEnvironment(
              world.time(),
              world.loop(i),
              world.timers(i),
              world.messaging(i),
              new FailoverBeaconClient(
                  List.of(beacon),
                  world.asyncRunner(i),
                  world::nanoTime,
                  FailoverBeaconClient.Options.forTimeout(java.time.Duration.ofSeconds(2))),
              new NodeMetrics(),
              LOG);
      final Pipeline pipeline =
          Pipeline.create(
              env,
              cluster,
              shares,
              schedule,
              SlashingProtection.open(
                  InMemoryKvStore.create(SlashingSchema.SCHEMA), Root.of(new byte[32])),
              List.of(AttesterPlugin::new));
      pipeline.tracker().subscribe(outcomes::add);
      pipelines.add(pipeline);
    }
    final SlotClock clock = schedule.slotClock(world.time());
    for (final Pipeline pipeline : pipelines) {
      pipeline.loadInitial(firstSlot / schedule.slotsPerEpoch());
    }
    world.runNow();
    pipelines.forEach(p -> p.start(firstSlot));
    // Each rehearsed slot's attestation (consensus, exchange, submission) ends within its slot;
    // the next epoch's duties are loaded by the pipelines' own schedulers on the way.
    for (int s = 0; s < slots; s++) {
      world.runUntil(clock.slotStartMillis(firstSlot + s * schedule.slotsPerEpoch() + 1) - 1);
    }
    splits.forEach(split -> split.shares().forEach(SecretShare::destroy));
    final int duties = slots * validators * operatorCount;
    final int succeeded = (int) outcomes.stream().filter(DutyOutcome::succeeded).count();
    return new Result(
        slots, duties, succeeded, beacon.submitted(), (System.nanoTime() - start) / 1_000_000);
  }

  private static Map<Long, ValidatorShare> shares(final List<KeySplit> splits, final int operator) {
    final Map<Long, ValidatorShare> shares = new HashMap<>();
    for (int v = 0; v < splits.size(); v++) {
      final KeySplit split = splits.get(v);
      final Map<Integer, BlsPublicKey> publicShares = new HashMap<>();
      split.shares().forEach(s -> publicShares.put(s.index(), s.publicShare().publicKey()));
      shares.put(
          (long) v,
          new ValidatorShare(
              split.commitments().groupPublicKey(),
              publicShares,
              split.share(operator).secretKey()));
    }
    return shares;
  }
}
