package io.dvc.node.testing;

import io.dvc.common.async.ScheduledAsyncRunner;
import io.dvc.common.time.TimeProvider;
import io.dvc.node.beacon.BeaconNode;
import io.dvc.node.beacon.FailoverBeaconClient;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.ValidatorShare;
import io.dvc.node.duties.attester.AttesterPlugin;
import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.metrics.NodeMetrics;
import io.dvc.node.pipeline.NodeEnvironment;
import io.dvc.node.pipeline.Pipeline;
import io.dvc.node.pipeline.SlotOffset;
import io.dvc.slashing.SlashingProtection;
import io.dvc.spec.signing.ForkSchedule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One operator of an in-process cluster on the wall clock: the node's own {@link Pipeline} (built
 * as {@code CoordinatorNode} builds it, attester duty only) with an in-memory transport and
 * slashing protection, against a real beacon-sim over HTTP. The test starts slots itself ({@link
 * #startSlot}), as the pipeline's scheduler would at one third of the slot. All its state lives on
 * its own single workflow thread.
 */
public final class TestNode implements InMemoryNetwork.Endpoint, AutoCloseable {
  private final int index;
  private final ScheduledExecutorService loop;
  private final ScheduledAsyncRunner runner = new ScheduledAsyncRunner("test-beacon-runner", 1);
  private final Pipeline pipeline;
  private final SlashingProtection protection;
  private final InMemoryNetwork network;
  private final NodeMetrics metrics = new NodeMetrics();
  private final Queue<DutyOutcome> outcomes = new ConcurrentLinkedQueue<>();

  TestNode(
      final ClusterRuntime cluster,
      final Map<Long, ValidatorShare> shares,
      final BeaconNode beacon,
      final ForkSchedule schedule,
      final SlashingProtection protection,
      final InMemoryNetwork network) {
    this.index = cluster.selfIndex();
    this.protection = protection;
    this.network = network;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              final Thread thread = new Thread(r, "node-" + index);
              thread.setDaemon(true);
              return thread;
            });
    final TimeProvider time = TimeProvider.SYSTEM;
    final NodeEnvironment env =
        new NodeEnvironment(
            time,
            loop,
            (millis, task) -> {
              try {
                loop.schedule(
                    task, Math.max(0, millis - time.currentTimeMillis()), TimeUnit.MILLISECONDS);
              } catch (final java.util.concurrent.RejectedExecutionException e) {
                // node closed
              }
            },
            network.messaging(index),
            new FailoverBeaconClient(
                List.of(beacon),
                runner,
                System::nanoTime,
                FailoverBeaconClient.Options.forTimeout(Duration.ofSeconds(3))),
            metrics,
            org.slf4j.LoggerFactory.getLogger("io.dvc.node.testing.operator-" + index));
    this.pipeline =
        Pipeline.create(env, cluster, shares, schedule, protection, List.of(AttesterPlugin::new));
    pipeline.tracker().subscribe(outcomes::add);
    network.register(index, this);
    loop.scheduleWithFixedDelay(pipeline.tracker()::expire, 100, 100, TimeUnit.MILLISECONDS);
  }

  public int index() {
    return index;
  }

  @Override
  public Executor loop() {
    return loop;
  }

  @Override
  public void onMessage(final String protocol, final int fromOperator, final byte[] bytes) {
    network.dispatch(index, protocol, fromOperator, bytes);
  }

  /** Loads the duties of the epoch and the next. */
  public CompletableFuture<Void> load(final long epoch) {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> pipeline.loadInitial(epoch).whenComplete((ok, e) -> done.complete(null)));
    return done;
  }

  /** What the pipeline's scheduler does at the slot start and one third into it. */
  public void startSlot(final long slot) {
    loop.execute(
        () -> {
          pipeline.tick(slot, SlotOffset.START);
          pipeline.tick(slot, SlotOffset.ONE_THIRD);
        });
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
    runner.close();
  }
}
