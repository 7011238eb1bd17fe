package io.dvc.node.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.threshold.KeySplit;
import io.dvc.bls.threshold.SecretShare;
import io.dvc.bls.threshold.ThresholdKeySplitter;
import io.dvc.common.time.FakeTimeProvider;
import io.dvc.common.time.SlotClock;
import io.dvc.consensus.driver.QbftEventLoop;
import io.dvc.consensus.driver.QbftListener;
import io.dvc.consensus.driver.Transport;
import io.dvc.consensus.message.QbftMessage;
import io.dvc.consensus.qbft.Decision;
import io.dvc.node.beaconapi.AttesterDuties;
import io.dvc.node.beaconapi.AttesterDuty;
import io.dvc.node.beaconapi.BeaconNodeClient;
import io.dvc.node.beaconapi.Genesis;
import io.dvc.node.beaconapi.SubmitResult;
import io.dvc.node.beaconapi.ValidatorInfo;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.Operator;
import io.dvc.node.cluster.ValidatorShare;
import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyTracker;
import io.dvc.node.metrics.NodeMetrics;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.slashing.Root;
import io.dvc.slashing.SlashingProtection;
import io.dvc.slashing.SlashingSchema;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Checkpoint;
import io.dvc.storage.InMemoryKvStore;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the real attestation path of a few slots, in memory and on throw-away keys, before a node
 * takes its first duty: n virtual operators with the cluster's n and t each run an {@link
 * AttestationWorkflow} and a QBFT driver configured by {@link ClusterConsensus}; they share an
 * in-memory beacon node, keep slashing protection in memory and pass consensus messages and partial
 * signatures through one queue on the calling thread. The JIT compiler has then seen every step of
 * a slot (JSON, consensus and its secp256k1 signatures, slashing rules, share signing,
 * partial-signature codec and store, combine and batch verify, the submission body), so the first
 * real slot is not run in the interpreter. It touches no state of the node and does no I/O; its
 * result doubles as a self-check of the path.
 */
public final class SlotRehearsal {
  /** What the rehearsal did: every duty should have succeeded. */
  public record Result(int slots, int duties, int succeeded, long submitted, long millis) {
    public boolean allSucceeded() {
      return succeeded == duties && submitted == duties;
    }
  }

  private final ForkSchedule schedule;
  private final int operatorCount;
  private final int threshold;
  private final int validators;
  private final SecureRandom random = new SecureRandom();
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private final FakeTimeProvider time = new FakeTimeProvider(0);
  private final AtomicLong submitted = new AtomicLong();
  private final List<DutyOutcome> outcomes = new ArrayList<>();

  private SlotRehearsal(
      final ForkSchedule schedule,
      final int operatorCount,
      final int threshold,
      final int validators) {
    this.schedule = schedule;
    this.operatorCount = operatorCount;
    this.threshold = threshold;
    this.validators = validators;
  }

  /**
   * Rehearses {@code slots} slots of {@code validators} attesters each, starting at {@code
   * firstSlot} (one slot per epoch, so each epoch's duties are loaded as in a real node).
   */
  public static Result run(
      final ForkSchedule schedule,
      final int operators,
      final int threshold,
      final int validators,
      final long firstSlot,
      final int slots) {
    if (operators < 1 || threshold < 1 || threshold > operators || validators < 1 || slots < 1) {
      throw new IllegalArgumentException(
          "rehearsal needs 1 <= t <= n, validators >= 1 and slots >= 1");
    }
    return new SlotRehearsal(schedule, operators, threshold, validators).rehearse(firstSlot, slots);
  }

  private Result rehearse(final long firstSlot, final int slots) {
    final long start = System.nanoTime();
    final List<KeySplit> splits = new ArrayList<>(validators);
    final ThresholdKeySplitter splitter = new ThresholdKeySplitter(random);
    for (int v = 0; v < validators; v++) {
      splits.add(splitter.splitRandom(threshold, operatorCount));
    }
    final List<NodeKey> nodeKeys = new ArrayList<>();
    final List<Operator> operators = new ArrayList<>();
    for (int i = 1; i <= operatorCount; i++) {
      final NodeKey key = NodeKey.generate(random);
      nodeKeys.add(key);
      operators.add(
          new Operator(i, key.peerId(), Operator.publicKeyOf(key.peerId()), Optional.empty()));
    }
    final Beacon beacon = new Beacon(splits);
    final Map<Integer, Virtual> virtuals = new HashMap<>();
    for (int i = 1; i <= operatorCount; i++) {
      virtuals.put(i, new Virtual(i, operators, nodeKeys.get(i - 1), splits, beacon, virtuals));
    }
    final SlotClock clock = schedule.slotClock(time);
    long slot = firstSlot;
    for (int s = 0; s < slots; s++, slot += schedule.slotsPerEpoch()) {
      time.setMillis(clock.slotStartMillis(slot) + clock.millisPerSlot() / 3);
      for (final Virtual virtual : virtuals.values()) {
        virtual.scheduler.ensureLoaded((slot / schedule.slotsPerEpoch())).join();
      }
      for (final Virtual virtual : virtuals.values()) {
        final long current = slot;
        queue.add(() -> virtual.workflow.onSlot(current));
      }
      drain();
    }
    splits.forEach(split -> split.shares().forEach(SecretShare::destroy));
    final int duties = slots * validators * operatorCount;
    final int succeeded = (int) outcomes.stream().filter(o -> o.failure().isEmpty()).count();
    return new Result(
        slots, duties, succeeded, submitted.get(), (System.nanoTime() - start) / 1_000_000);
  }

  private void drain() {
    Runnable next;
    while ((next = queue.poll()) != null) {
      next.run();
    }
  }

  /** One virtual operator: its workflow and its consensus driver. */
  private final class Virtual {
    private final AttesterDutyScheduler scheduler;
    private final AttestationWorkflow workflow;
    private final QbftEventLoop consensus;

    Virtual(
        final int index,
        final List<Operator> operators,
        final NodeKey nodeKey,
        final List<KeySplit> splits,
        final BeaconNodeClient beacon,
        final Map<Integer, Virtual> all) {
      final List<ValidatorShare> shareList = new ArrayList<>();
      final Map<Long, ValidatorShare> shares = new HashMap<>();
      for (int v = 0; v < splits.size(); v++) {
        final KeySplit split = splits.get(v);
        final Map<Integer, BlsPublicKey> publicShares = new HashMap<>();
        split.shares().forEach(s -> publicShares.put(s.index(), s.publicShare().publicKey()));
        final ValidatorShare share =
            new ValidatorShare(
                split.commitments().groupPublicKey(), publicShares, split.share(index).secretKey());
        shareList.add(share);
        shares.put((long) v, share);
      }
      final ClusterRuntime cluster =
          new ClusterRuntime(
              "rehearsal",
              operators,
              threshold,
              index,
              nodeKey,
              schedule.genesisForkVersion().toArray(),
              shareList);
      final DutyTracker tracker = new DutyTracker(time);
      tracker.subscribe(outcomes::add);
      this.scheduler = new AttesterDutyScheduler(beacon, schedule.slotsPerEpoch(), shares.keySet());
      final QbftEventLoop[] driver = new QbftEventLoop[1];
      this.workflow =
          new AttestationWorkflow(
              cluster,
              shares,
              beacon,
              schedule,
              schedule.slotClock(time),
              scheduler,
              new AttestationSafety(
                  SlashingProtection.open(
                      InMemoryKvStore.create(SlashingSchema.SCHEMA), Root.of(new byte[32]))),
              (id, startMillis, value) -> driver[0].start(id, startMillis, value),
              signed -> {
                for (final Virtual peer : all.values()) {
                  if (peer != this) {
                    queue.add(() -> peer.workflow.onPartialMessage(index, signed));
                  }
                }
              },
              tracker,
              new NodeMetrics(),
              queue::add,
              AttestationWorkflow.REHEARSAL_LOG);
      this.consensus =
          ClusterConsensus.create(
              cluster,
              schedule.secondsPerSlot(),
              schedule.slotsPerEpoch(),
              workflow.valueValidator(),
              new Transport() {
                @Override
                public void send(
                    final int operator, final QbftMessage decoded, final byte[] message) {
                  final Virtual peer = all.get(operator);
                  if (peer != null) {
                    queue.add(() -> peer.consensus.onWire(index, message));
                  }
                }
              },
              time,
              at -> {},
              new QbftListener() {
                @Override
                public void onDecided(final Decision decision) {
                  workflow.onDecided(decision);
                }
              });
      driver[0] = consensus;
    }
  }

  /** The beacon node of the rehearsal: every validator attests in the first slot of each epoch. */
  private final class Beacon implements BeaconNodeClient {
    private final List<KeySplit> splits;

    Beacon(final List<KeySplit> splits) {
      this.splits = splits;
    }

    @Override
    public CompletableFuture<Genesis> genesis() {
      return unsupported("genesis");
    }

    @Override
    public CompletableFuture<JsonNode> spec() {
      return unsupported("spec");
    }

    @Override
    public CompletableFuture<JsonNode> syncing() {
      return unsupported("syncing");
    }

    @Override
    public CompletableFuture<List<ValidatorInfo>> validators(final Collection<String> ids) {
      return unsupported("validators");
    }

    @Override
    public CompletableFuture<AttesterDuties> attesterDuties(
        final long epoch, final Collection<Long> validatorIndices) {
      final long slot = epoch * schedule.slotsPerEpoch();
      final int committees = Math.max(1, Math.min(64, splits.size() / 8));
      final int committeeLength = (splits.size() + committees - 1) / committees;
      final List<AttesterDuty> duties = new ArrayList<>();
      for (final long v : validatorIndices) {
        duties.add(
            new AttesterDuty(
                splits.get((int) v).commitments().groupPublicKey().toBytes(),
                v,
                v % committees,
                committeeLength,
                committees,
                v / committees,
                slot));
      }
      return CompletableFuture.completedFuture(new AttesterDuties(new byte[32], duties));
    }

    @Override
    public CompletableFuture<JsonNode> attestationData(final long slot, final long committeeIndex) {
      final long epoch = (slot / schedule.slotsPerEpoch());
      final AttestationData data =
          new AttestationData(
              slot,
              committeeIndex,
              Bytes.of(root(slot)),
              new Checkpoint(Math.max(0, epoch - 1), Bytes.of(root(epoch * 7 + 1))),
              new Checkpoint(epoch, Bytes.of(root(epoch * 7 + 2))));
      return CompletableFuture.completedFuture(schedule.schemas().attestationData.toJson(data));
    }

    @Override
    public CompletableFuture<SubmitResult> submitAttestations(
        final String consensusVersion, final JsonNode attestations) {
      attestations.toString(); // what the HTTP client does to the body
      submitted.addAndGet(attestations.size());
      return CompletableFuture.completedFuture(SubmitResult.ACCEPTED);
    }

    @Override
    public CompletableFuture<Void> subscribeToBeaconCommittees(final JsonNode subscriptions) {
      return CompletableFuture.completedFuture(null);
    }

    private static byte[] root(final long seed) {
      final byte[] root = new byte[32];
      for (int i = 0; i < 8; i++) {
        root[i] = (byte) (seed >>> (8 * i));
      }
      root[31] = 1;
      return root;
    }

    private static <T> CompletableFuture<T> unsupported(final String what) {
      return CompletableFuture.failedFuture(
          new UnsupportedOperationException("the rehearsal beacon node has no " + what));
    }
  }
}
