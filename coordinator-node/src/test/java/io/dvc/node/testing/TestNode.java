package io.dvc.node.testing;

import io.dvc.common.time.SlotClock;
import io.dvc.common.time.TimeProvider;
import io.dvc.consensus.driver.QbftEventLoop;
import io.dvc.consensus.driver.QbftListener;
import io.dvc.consensus.driver.Transport;
import io.dvc.consensus.qbft.Decision;
import io.dvc.node.beaconapi.BeaconNodeClient;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.ValidatorShare;
import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyTracker;
import io.dvc.node.metrics.NodeMetrics;
import io.dvc.node.workflow.AttestationSafety;
import io.dvc.node.workflow.AttestationWorkflow;
import io.dvc.node.workflow.AttesterDutyScheduler;
import io.dvc.node.workflow.ClusterConsensus;
import io.dvc.slashing.SlashingProtection;
import io.dvc.spec.signing.ForkSchedule;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One operator of an in-process cluster, wired as {@code CoordinatorNode} wires it (same QBFT
 * policies and round length, same workflow, tracker expiry on the workflow thread) but with an
 * in-memory transport and an in-memory slashing-protection store. All its state lives on its own
 * single workflow thread.
 */
public final class TestNode implements InMemoryNetwork.Endpoint, AutoCloseable {
  private final int index;
  private final ScheduledExecutorService loop;
  private final AttestationWorkflow workflow;
  private final QbftEventLoop qbft;
  private final DutyTracker tracker;
  private final AttesterDutyScheduler scheduler;
  private final SlashingProtection protection;
  private final NodeMetrics metrics = new NodeMetrics();
  private final Queue<DutyOutcome> outcomes = new ConcurrentLinkedQueue<>();

  TestNode(
      final ClusterRuntime cluster,
      final Map<Long, ValidatorShare> shares,
      final BeaconNodeClient beacon,
      final ForkSchedule schedule,
      final SlashingProtection protection,
      final InMemoryNetwork network) {
    this.index = cluster.selfIndex();
    this.protection = protection;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              final Thread thread = new Thread(r, "node-" + index);
              thread.setDaemon(true);
              return thread;
            });
    final TimeProvider time = TimeProvider.SYSTEM;
    final SlotClock clock = schedule.slotClock(time);
    this.tracker = new DutyTracker(time);
    tracker.subscribe(outcomes::add);
    this.scheduler = new AttesterDutyScheduler(beacon, schedule.slotsPerEpoch(), shares.keySet());
    final QbftEventLoop[] consensus = new QbftEventLoop[1];
    this.workflow =
        new AttestationWorkflow(
            cluster,
            shares,
            beacon,
            schedule,
            clock,
            scheduler,
            new AttestationSafety(protection),
            (id, start, value) -> consensus[0].start(id, start, value),
            bytes -> network.broadcastPartialSignatures(index, bytes),
            tracker,
            metrics,
            loop,
            org.slf4j.LoggerFactory.getLogger(AttestationWorkflow.class));
    consensus[0] = qbft(cluster, schedule, time, network);
    this.qbft = consensus[0];
    network.register(index, this);
    loop.scheduleWithFixedDelay(tracker::expire, 100, 100, TimeUnit.MILLISECONDS);
  }

  private QbftEventLoop qbft(
      final ClusterRuntime cluster,
      final ForkSchedule schedule,
      final TimeProvider time,
      final InMemoryNetwork network) {
    final QbftEventLoop[] self = new QbftEventLoop[1];
    self[0] =
        ClusterConsensus.create(
            cluster,
            schedule.secondsPerSlot(),
            schedule.slotsPerEpoch(),
            workflow.valueValidator(),
            new Transport() {
              @Override
              public void send(
                  final int operator,
                  final io.dvc.consensus.message.QbftMessage decoded,
                  final byte[] message) {
                network.sendQbft(index, operator, message);
              }
            },
            time,
            at -> {
              try {
                loop.schedule(
                    () -> self[0].onWakeup(),
                    Math.max(0, at - time.currentTimeMillis()),
                    TimeUnit.MILLISECONDS);
              } catch (final java.util.concurrent.RejectedExecutionException e) {
                // node closed
              }
            },
            new QbftListener() {
              @Override
              public void onDecided(final Decision decision) {
                workflow.onDecided(decision);
              }
            });
    return self[0];
  }

  public int index() {
    return index;
  }

  @Override
  public Executor loop() {
    return loop;
  }

  @Override
  public void onQbft(final int fromOperator, final byte[] bytes) {
    qbft.onWire(fromOperator, bytes);
  }

  @Override
  public void onPartialSignatures(final int fromOperator, final byte[] bytes) {
    workflow.onPartialMessage(fromOperator, bytes);
  }

  /** What the node's slot timer does at one third of the slot, run on the workflow thread. */
  public void startSlot(final long slot) {
    loop.execute(
        () -> {
          qbft.expireBefore(Math.max(0, slot - 2));
          workflow.onSlot(slot);
        });
  }

  public AttesterDutyScheduler scheduler() {
    return scheduler;
  }

  public SlashingProtection protection() {
    return protection;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  /** Every duty outcome this node's tracker reported, in order. */
  public List<DutyOutcome> outcomes() {
    return List.copyOf(outcomes);
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
