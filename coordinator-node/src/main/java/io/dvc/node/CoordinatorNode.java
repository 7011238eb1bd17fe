package io.dvc.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.common.async.ScheduledAsyncRunner;
import io.dvc.common.bytes.Hex;
import io.dvc.common.time.SlotClock;
import io.dvc.common.time.TimeProvider;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.BeaconClients;
import io.dvc.node.beacon.BeaconEvents;
import io.dvc.node.beacon.api.Genesis;
import io.dvc.node.beacon.api.GetGenesis;
import io.dvc.node.beacon.api.GetSpec;
import io.dvc.node.cluster.ClusterIdentity;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.ValidatorShare;
import io.dvc.node.doppelganger.DoppelgangerCheck;
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
import io.dvc.node.fault.HostileMessaging;
import io.dvc.node.fault.TestFault;
import io.dvc.node.metrics.HealthServer;
import io.dvc.node.metrics.NodeMetrics;
import io.dvc.node.monitor.MonitorOptions;
import io.dvc.node.monitor.Observability;
import io.dvc.node.monitor.SubmissionLog;
import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.NodeEnvironment;
import io.dvc.node.pipeline.Pipeline;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.node.pipeline.SigningGate;
import io.dvc.node.sim.SlotRehearsal;
import io.dvc.p2p.P2PNetwork;
import io.dvc.p2p.messaging.ClusterMessaging;
import io.dvc.p2p.messaging.InboundLimits;
import io.dvc.slashing.PruningConfig;
import io.dvc.slashing.SlashingProtection;
import io.dvc.slashing.SlashingPruner;
import io.dvc.slashing.SlashingSchema;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.ssz.Bytes;
import io.dvc.storage.ReopeningKvStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operator node's lifecycle: starts the health server, waits for a beacon node, checks the
 * network, opens slashing protection, joins the cluster's p2p network, builds the duty pipeline
 * ({@link Pipeline}: the one place where stages are connected) in a production environment, and
 * stops it all again. All duty state lives on one workflow thread.
 */
public final class CoordinatorNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorNode.class);

  private final ClusterRuntime cluster;
  private final NodeOptions options;
  private final MonitorOptions monitorOptions;
  private final TimeProvider time;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(daemon("dvc-workflow"));

  /** Slashing-protection pruning, off the workflow thread. */
  private final ScheduledExecutorService maintenance =
      Executors.newSingleThreadScheduledExecutor(daemon("dvc-maintenance"));

  private final ScheduledAsyncRunner io = new ScheduledAsyncRunner("dvc-io", 1);
  private final java.util.concurrent.ExecutorService httpExecutor =
      Executors.newFixedThreadPool(2, daemon("dvc-http"));
  private final NodeMetrics metrics = new NodeMetrics();
  private final RecentOutcomes recent = new RecentOutcomes(200_000);
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private volatile Optional<String> notReady = Optional.of("starting");
  private final StatusWiring status;
  private HealthServer health;
  private volatile Optional<SubmissionLog> submissions = Optional.empty();
  private volatile Optional<Observability> observability = Optional.empty();
  private SlashingProtection protection;
  private volatile Optional<ExitPlugin> exits = Optional.empty();
  private volatile ReopeningKvStore slashingStore;
  private volatile ClusterMessaging messagingForMetrics;

  static ThreadFactory daemon(final String name) {
    return r -> {
      final Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  public CoordinatorNode(final ClusterRuntime cluster, final NodeOptions options) {
    this(cluster, ClusterIdentity.unnamed(cluster), options);
  }

  /** A node whose status and diagnostics name the lock hash and the operators as the lock does. */
  public CoordinatorNode(
      final ClusterRuntime cluster, final ClusterIdentity identity, final NodeOptions options) {
    this(cluster, identity, options, MonitorOptions.defaults());
  }

  /** With settings of the node's own monitors (liveness, resources, client diversity). */
  public CoordinatorNode(
      final ClusterRuntime cluster,
      final ClusterIdentity identity,
      final NodeOptions options,
      final MonitorOptions monitorOptions) {
    this.cluster = cluster;
    this.options = options;
    this.monitorOptions = monitorOptions;
    final long offset = options.testClockOffsetMillis();
    this.time =
        offset == 0 ? TimeProvider.SYSTEM : () -> TimeProvider.SYSTEM.currentTimeMillis() + offset;
    this.status =
        new StatusWiring(
            cluster, identity, options.beaconNodeUrls(), () -> notReady, time::currentTimeMillis);
  }

  /** The node's monitors, once started (their JSON view is {@code /dvc/v1/monitor}). */
  public Optional<Observability> observability() {
    return observability;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  public Optional<Integer> healthPort() {
    return Optional.ofNullable(health).map(HealthServer::port);
  }

  /** Starts everything; fails with a one-line reason when the node must not run. */
  public void start() throws IOException {
    if (options.testFault().isPresent() || options.testClockOffsetMillis() != 0) {
      final Optional<String> refusal =
          TestFault.refuseOnPublicNetwork(
              options.testFault().isPresent() ? "--test-fault" : "--test-clock-offset-ms",
              cluster.forkVersion());
      if (refusal.isPresent()) {
        throw new NodeStartException(refusal.get());
      }
    }
    startHealth();
    final BeaconClient beacon =
        BeaconClients.http(
            options.beaconNodeUrls(),
            options.beaconTimeout(),
            (node, endpoint, nanos, ok) -> {
              metrics.beaconRequest(node, nanos, ok);
              status.beaconExchange(node, nanos);
            },
            httpExecutor,
            io);
    status.probeBeacon(loop, beacon);
    final JsonNode specJson = waitForBeaconNode(beacon);
    final Genesis genesis = beacon.call(new GetGenesis()).join();
    final ForkSchedule schedule =
        ForkSchedule.fromBeaconApi(specJson, NetworkCheck.genesisJson(genesis));
    NetworkCheck.check(cluster, specJson, genesis);
    slashingStore = SlashingSchema.openRecoverable(options.dataDir());
    protection = NetworkCheck.openSlashingProtection(slashingStore, genesis, closeables);
    final Map<Long, ValidatorShare> shares = NetworkCheck.resolveIndices(cluster, beacon);
    final SlotClock clock = schedule.slotClock(time);

    final P2PNetwork network = new P2PNetwork(PeerWiring.p2pConfig(cluster, options));
    metrics.p2pTraffic(() -> PeerWiring.trafficByOperator(cluster, network));
    final ClusterMessaging messaging =
        new ClusterMessaging(
            network,
            16 << 20,
            loop,
            Executors.newSingleThreadScheduledExecutor(),
            InboundLimits.operatorNode());
    PeerWiring.resendOnStall(messaging);
    messagingForMetrics = messaging;
    final NodeEnvironment env =
        new NodeEnvironment(
            time,
            loop,
            (millis, task) ->
                loop.schedule(
                    task, Math.max(0, millis - time.currentTimeMillis()), TimeUnit.MILLISECONDS),
            peerMessaging(messaging),
            beacon,
            metrics,
            LoggerFactory.getLogger(Pipeline.class));
    final Map<Long, io.dvc.bls.BlsPublicKey> keys = new java.util.HashMap<>();
    shares.forEach((index, share) -> keys.put(index, share.groupPublicKey()));
    final Optional<DoppelgangerCheck> doppelganger =
        options.doppelgangerProtection()
            ? DoppelgangerCheck.forValidators(
                protection,
                keys,
                beacon,
                clock,
                env.timers(),
                loop,
                LOG,
                g -> metrics.doppelganger(g.waiting().size(), g.detected().size()))
            : Optional.empty();
    final Pipeline pipeline =
        Pipeline.create(
            env,
            cluster,
            shares,
            schedule,
            protection,
            plugins(clock, env.messaging()),
            doppelganger.map(d -> (SigningGate) d.guard()).orElse(SigningGate.OPEN));
    pipeline.tracker().subscribe(this::onOutcome);
    final SubmissionLog submitted = new SubmissionLog(schedule.slotsPerEpoch());
    submissions = Optional.of(submitted);
    final Observability monitors =
        MonitorWiring.create(
            cluster,
            options,
            monitorOptions,
            List.copyOf(shares.keySet()),
            clock,
            time,
            beacon,
            PeerWiring.messaging(cluster, messaging, status.monitor()::messageFrom),
            metrics,
            submitted);
    closeables.add(monitors);
    status.monitor().register(network, messaging);
    network.start().join();
    closeables.add(network::stop);
    LOG.info(
        "operator {} of cluster {} listening on {} as {}",
        cluster.selfIndex(),
        cluster.name(),
        network.listenAddresses(),
        network.localPeerId());

    final BeaconEvents events =
        BeaconClients.events(options.beaconNodeUrls(), httpExecutor, io, Duration.ofMillis(500));
    events.onHead(head -> loop.execute(() -> pipeline.onHead(head)));
    events.onConnected(node -> loop.execute(() -> pipeline.onBeaconConnected(node)));
    events.start();
    closeables.add(events);

    rehearse(schedule, clock, shares.size());
    pipeline.loadInitial(clock.currentEpoch()).join();
    final long first = Math.max(0, clock.currentSlot());
    loop.execute(() -> pipeline.start(first));
    doppelganger.ifPresent(check -> loop.execute(check::start));
    scheduleUpkeep(clock, network);
    // a leader lost during its round (connection closed or stalled) is left within 250 ms
    loop.scheduleWithFixedDelay(
        () -> {
          try {
            pipeline.recheckLeaders();
          } catch (final RuntimeException e) {
            LOG.warn("consensus leader recheck failed: {}", e.toString());
          }
        },
        250,
        250,
        TimeUnit.MILLISECONDS);
    status.running(loop, beacon, clock, recent, options.dataDir(), network, messaging);
    observability = Optional.of(monitors.start());
    status.monitors(monitors.sections());
    LOG.info(
        "duties start at slot {} ({} slots per epoch, {} s per slot)",
        first,
        schedule.slotsPerEpoch(),
        schedule.secondsPerSlot());
    notReady = Optional.empty();
  }

  /** The cluster's messaging; rewritten as a malicious operator would with a test fault. */
  private NodeEnvironment.PeerMessaging peerMessaging(final ClusterMessaging messaging) {
    final NodeEnvironment.PeerMessaging honest =
        PeerWiring.messaging(cluster, messaging, status.monitor()::messageFrom);
    if (options.testFault().isEmpty()) {
      return honest;
    }
    LOG.warn(
        "TEST FAULT: this node misbehaves on purpose ({}); for tests of the other nodes only",
        options.testFault().get().label());
    return new HostileMessaging(
        honest,
        options.testFault().get(),
        cluster.selfIndex(),
        cluster.operatorIndices(),
        cluster.nodeKey());
  }

  private List<Function<PluginContext, DutyPlugin>> plugins(
      final SlotClock clock, final NodeEnvironment.PeerMessaging messaging) {
    final List<Function<PluginContext, DutyPlugin>> plugins = new ArrayList<>();
    plugins.add(AttesterPlugin::new);
    plugins.addAll(AggregationDuty.plugins());
    plugins.addAll(SyncCommitteeDuty.plugins());
    plugins.addAll(
        ProposerDuty.plugins(
            new ProposerConfig(
                Bytes.of(cluster.feeRecipient()),
                ProposerConfig.graffiti(options.graffiti()),
                options.builder(),
                Duration.ofMillis(Math.min(500, clock.millisPerSlot() / 8)))));
    plugins.add(
        RegistrationPlugin.factory(
            new RegistrationConfig(Bytes.of(cluster.feeRecipient()), options.gasLimit()),
            new RegistrationFile(options.dataDir())));
    final Map<Integer, io.dvc.p2p.crypto.PeerPublicKey> operatorKeys = new java.util.HashMap<>();
    cluster.operators().forEach(op -> operatorKeys.put(op.index(), op.publicKey()));
    plugins.add(
        ExitPlugin.factory(
            new ExitConfig(
                options.exitsAllowed(),
                options.exitMaxFutureEpochs(),
                cluster.selfIndex(),
                operatorKeys),
            messaging,
            plugin -> exits = Optional.of(plugin)));
    return plugins;
  }

  /**
   * Runs a few slots of the attestation path in memory on throw-away keys (see {@link
   * SlotRehearsal}) so that the first real slot runs compiled code; about as many attesters per
   * slot as this node will have.
   */
  private void rehearse(final ForkSchedule schedule, final SlotClock clock, final int validators) {
    final int perSlot =
        (int) Math.max(16, Math.min(512, validators / Math.max(1, schedule.slotsPerEpoch())));
    final long firstSlot = Math.max(0, clock.currentEpoch()) * schedule.slotsPerEpoch();
    final SlotRehearsal.Result result =
        SlotRehearsal.run(
            schedule, cluster.operators().size(), cluster.threshold(), perSlot, firstSlot, 3);
    if (result.allSucceeded()) {
      LOG.info(
          "rehearsed {} slots of {} attesters with {} virtual operators in {} ms",
          result.slots(),
          perSlot,
          cluster.operators().size(),
          result.millis());
    } else {
      LOG.warn(
          "start-up rehearsal: only {} of {} duties succeeded and {} were submitted; the"
              + " attestation path may be broken",
          result.succeeded(),
          result.duties(),
          result.submitted());
    }
  }

  /** Peer metrics every 5 s; slashing-protection pruning once per epoch, off the workflow. */
  private void scheduleUpkeep(final SlotClock clock, final P2PNetwork network) {
    loop.scheduleWithFixedDelay(
        () -> {
          metrics.peersConnected(network.connectedPeers().size());
          messagingForMetrics
              .inboundDropped()
              .forEach(
                  (peer, dropped) ->
                      cluster
                          .operatorOf(peer)
                          .ifPresent(op -> metrics.inboundDropped(op.index(), dropped)));
          final Map<io.dvc.p2p.PeerId, Long> stalls = network.stalls();
          final Map<io.dvc.p2p.PeerId, Long> resent = messagingForMetrics.resent();
          cluster.operators().stream()
              .filter(op -> stalls.containsKey(op.peerId()) || resent.containsKey(op.peerId()))
              .forEach(
                  op ->
                      metrics.connectionStalls(
                          op.index(),
                          stalls.getOrDefault(op.peerId(), 0L),
                          resent.getOrDefault(op.peerId(), 0L)));
          metrics.slashingProtection(
              slashingStore.failure().isPresent(),
              slashingStore.failedWrites(),
              slashingStore.reopens());
          network
              .connectedPeers()
              .forEach(
                  peer ->
                      network
                          .rtt(peer)
                          .ifPresent(rtt -> metrics.peerRtt(peer.toBase58(), rtt.toNanos())));
        },
        1,
        5,
        TimeUnit.SECONDS);
    // Two thirds into each epoch's second slot: after that slot's attestations.
    final long epochMillis = clock.millisPerSlot() * clock.slotsPerEpoch();
    final long next =
        clock.slotStartMillis(clock.firstSlotOf(Math.max(0, clock.currentEpoch()) + 1) + 1)
            + clock.millisPerSlot() * 2 / 3;
    maintenance.scheduleAtFixedRate(
        this::pruneSlashingProtection,
        Math.max(0, next - time.currentTimeMillis()),
        epochMillis,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Deletes slashing-protection history older than the default retention (256 epochs of
   * attestations, 8192 slots of blocks), raising the watermarks over what it deletes.
   */
  private void pruneSlashingProtection() {
    try {
      final SlashingPruner.Result result = protection.prune(PruningConfig.defaults());
      if (result.deletedAttestations() + result.deletedBlocks() > 0) {
        LOG.info(
            "slashing protection pruned: {} attestations and {} blocks older than the retention",
            result.deletedAttestations(),
            result.deletedBlocks());
      }
    } catch (final RuntimeException e) {
      LOG.warn("slashing-protection pruning failed: {}", e.toString());
    }
  }

  /** Waits (retrying every second, logging every ten) until a beacon node answers its spec. */
  private JsonNode waitForBeaconNode(final BeaconClient beacon) {
    notReady = Optional.of("waiting for a beacon node");
    for (int attempt = 0; ; attempt++) {
      try {
        return beacon.call(new GetSpec()).join();
      } catch (final CompletionException e) {
        if (attempt % 10 == 0) {
          LOG.warn(
              "waiting for a beacon node at {}: {}",
              options.beaconNodeUrls(),
              e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        }
        try {
          Thread.sleep(1000);
        } catch (final InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new NodeStartException("interrupted while waiting for a beacon node");
        }
      }
    }
  }

  private void onOutcome(final DutyOutcome outcome) {
    metrics.dutyOutcome(outcome);
    recent.add(outcome);
    submissions.ifPresent(log -> log.record(outcome));
    if (!outcome.succeeded()) {
      org.slf4j.MDC.put("slot", " slot=" + outcome.duty().slot());
      org.slf4j.MDC.put("validator", " validator=" + outcome.duty().validatorIndex());
      LOG.warn(
          "duty {} failed: {} ({})",
          outcome.duty().type(),
          outcome.failure().get().label(),
          outcome.detail());
      org.slf4j.MDC.clear();
    }
  }

  /**
   * Why the node is not ready, if it is not: starting, stopping, or a slashing-protection database
   * that failed a write and could not be reopened yet (the node cannot sign then).
   */
  Optional<String> notReady() {
    final ReopeningKvStore store = slashingStore;
    return notReady.or(
        () ->
            store == null
                ? Optional.empty()
                : store.failure().map(f -> "slashing protection cannot record: " + f));
  }

  private void startHealth() throws IOException {
    if (options.healthAddress().isEmpty()) {
      return;
    }
    health = new HealthServer(options.healthAddress().get(), metrics.registry(), this::notReady);
    health.addHandler(
        "/dvc/v1/duties",
        exchange -> {
          final String query = Optional.ofNullable(exchange.getRequestURI().getQuery()).orElse("");
          long since = 0;
          if (query.startsWith("since=")) {
            since = Long.parseLong(query.substring(6));
          }
          HealthServer.respondJson(exchange, 200, RecentOutcomes.json(recent.since(since)));
        });
    health.addHandler(
        "/dvc/v1/monitor",
        exchange -> {
          if (observability.isEmpty()) {
            HealthServer.respondJson(exchange, 503, "{\"message\":\"monitors not started\"}");
          } else {
            HealthServer.respondJson(exchange, 200, observability.get().toJson().toString());
          }
        });
    status.serve(health);
    // Exit requests only once the duties run: a request's signing slot must not pass unseen.
    health.addHandler(
        ExitEndpoints.PATH,
        new ExitEndpoints(() -> notReady.isEmpty() ? exits : Optional.empty(), loop));
    health.start();
    closeables.add(health);
    if (options.metricsAddress().isPresent()) {
      final HealthServer metricsServer =
          new HealthServer(options.metricsAddress().get(), metrics.registry(), this::notReady);
      metricsServer.start();
      closeables.add(metricsServer);
    }
  }

  @Override
  public void close() {
    notReady = Optional.of("stopping");
    loop.shutdownNow();
    maintenance.shutdownNow();
    try {
      // The database closes below: let a pruning run stop first.
      maintenance.awaitTermination(10, TimeUnit.SECONDS);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (final Exception e) {
        LOG.debug("close failed: {}", e.toString());
      }
    }
    io.close();
    httpExecutor.shutdownNow();
  }

  static String hex(final byte[] bytes) {
    return Hex.encode(bytes);
  }
}
