package io.dvc.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.common.async.ScheduledAsyncRunner;
import io.dvc.common.bytes.Hex;
import io.dvc.common.time.SlotClock;
import io.dvc.common.time.TimeProvider;
import io.dvc.consensus.driver.QbftEventLoop;
import io.dvc.consensus.driver.QbftListener;
import io.dvc.consensus.qbft.Decision;
import io.dvc.node.beaconapi.BeaconHttp;
import io.dvc.node.beaconapi.BeaconNodeClient;
import io.dvc.node.beaconapi.FailoverBeaconNodeClient;
import io.dvc.node.beaconapi.HeadEventStream;
import io.dvc.node.beaconapi.HttpBeaconNodeClient;
import io.dvc.node.beaconapi.ValidatorInfo;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.Operator;
import io.dvc.node.cluster.ValidatorShare;
import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyTracker;
import io.dvc.node.metrics.HealthServer;
import io.dvc.node.metrics.NodeMetrics;
import io.dvc.node.workflow.AttestationSafety;
import io.dvc.node.workflow.AttestationWorkflow;
import io.dvc.node.workflow.AttesterDutyScheduler;
import io.dvc.node.workflow.ClusterConsensus;
import io.dvc.node.workflow.SlotRehearsal;
import io.dvc.p2p.P2PConfig;
import io.dvc.p2p.P2PNetwork;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.messaging.ClusterMessaging;
import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.slashing.PruningConfig;
import io.dvc.slashing.Root;
import io.dvc.slashing.SlashingProtection;
import io.dvc.slashing.SlashingPruner;
import io.dvc.slashing.SlashingSchema;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.storage.KvStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operator node: the one place where beacon client, p2p, consensus, slashing protection and the
 * duty workflow are connected. All duty state lives on one workflow thread.
 */
public final class CoordinatorNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorNode.class);
  public static final String QBFT_PROTOCOL = "/dvc/qbft/1.0.0";
  public static final String PARSIG_PROTOCOL = "/dvc/parsigex/1.0.0";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ClusterRuntime cluster;
  private final NodeOptions options;
  private final TimeProvider time = TimeProvider.SYSTEM;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(daemon("dvc-workflow"));

  /** Slashing-protection pruning, off the workflow thread. */
  private final ScheduledExecutorService maintenance =
      Executors.newSingleThreadScheduledExecutor(daemon("dvc-maintenance"));

  private final ScheduledAsyncRunner io = new ScheduledAsyncRunner("dvc-io", 1);
  private final java.util.concurrent.ExecutorService ioExecutor =
      Executors.newFixedThreadPool(2, daemon("dvc-http"));
  private final NodeMetrics metrics = new NodeMetrics();
  private final RecentOutcomes recent = new RecentOutcomes(200_000);
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private volatile Optional<String> notReady = Optional.of("starting");
  private HealthServer health;
  private SlashingProtection protection;

  private static java.util.concurrent.ThreadFactory daemon(final String name) {
    return r -> {
      final Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  public CoordinatorNode(final ClusterRuntime cluster, final NodeOptions options) {
    this.cluster = cluster;
    this.options = options;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  public Optional<Integer> healthPort() {
    return Optional.ofNullable(health).map(HealthServer::port);
  }

  /** Starts everything; fails with a one-line reason when the node must not run. */
  public void start() throws IOException {
    startHealth();
    final BeaconNodeClient beacon = beaconClient();
    final JsonNode specJson = waitForBeaconNode(beacon);
    final io.dvc.node.beaconapi.Genesis genesis = beacon.genesis().join();
    final ForkSchedule schedule = ForkSchedule.fromBeaconApi(specJson, genesisJson(genesis));
    checkNetwork(genesis.genesisForkVersion(), schedule.genesisForkVersion().toArray());
    protection = openSlashingProtection(genesis.genesisValidatorsRoot());
    final Map<Long, ValidatorShare> shares = resolveIndices(beacon);
    final SlotClock clock = schedule.slotClock(time);

    final P2PNetwork network = new P2PNetwork(p2pConfig());
    final ClusterMessaging messaging =
        new ClusterMessaging(network, 16 << 20, loop, Executors.newSingleThreadScheduledExecutor());
    final DutyTracker tracker = new DutyTracker(time);
    tracker.subscribe(this::onOutcome);
    final AttesterDutyScheduler scheduler =
        new AttesterDutyScheduler(beacon, schedule.slotsPerEpoch(), shares.keySet());

    final QbftEventLoop[] consensus = new QbftEventLoop[1];
    final AttestationWorkflow workflow =
        new AttestationWorkflow(
            cluster,
            shares,
            beacon,
            schedule,
            clock,
            scheduler,
            new AttestationSafety(protection),
            (id, start, value) -> consensus[0].start(id, start, value),
            bytes -> broadcast(messaging, PARSIG_PROTOCOL, bytes),
            tracker,
            metrics,
            loop,
            LoggerFactory.getLogger(AttestationWorkflow.class));
    consensus[0] = qbft(schedule, workflow, messaging);
    messaging.registerHandler(
        QBFT_PROTOCOL,
        (from, bytes) ->
            operatorIndex(from)
                .ifPresent(
                    i -> {
                      LOG.trace("QBFT {} bytes from operator {}", bytes.length, i);
                      consensus[0].onWire(i, bytes);
                    }));
    messaging.registerHandler(
        PARSIG_PROTOCOL,
        (from, bytes) -> operatorIndex(from).ifPresent(i -> workflow.onPartialMessage(i, bytes)));
    network.start().join();
    closeables.add(network::stop);
    LOG.info(
        "operator {} of cluster {} listening on {} as {}",
        cluster.selfIndex(),
        cluster.name(),
        network.listenAddresses(),
        network.localPeerId());

    final HeadEventStream heads =
        new HeadEventStream(
            options.beaconNodeUrls().get(0),
            java.net.http.HttpClient.newHttpClient(),
            io,
            Duration.ofSeconds(1));
    heads.subscribe(head -> loop.execute(() -> scheduler.onHead(head)));
    heads.start();
    closeables.add(heads);

    rehearse(schedule, clock, shares.size());
    final long epoch = clock.currentEpoch();
    CompletableFuture.allOf(scheduler.ensureLoaded(epoch), scheduler.ensureLoaded(epoch + 1))
        .join();
    scheduleSlots(clock, schedule, scheduler, workflow, consensus[0], tracker, network);
    notReady = Optional.empty();
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

  private void scheduleSlots(
      final SlotClock clock,
      final ForkSchedule schedule,
      final AttesterDutyScheduler scheduler,
      final AttestationWorkflow workflow,
      final QbftEventLoop consensus,
      final DutyTracker tracker,
      final P2PNetwork network) {
    final long first = firstDutySlot(clock);
    scheduleSlot(first, clock, scheduler, workflow, consensus, network);
    loop.scheduleWithFixedDelay(tracker::expire, 250, 250, TimeUnit.MILLISECONDS);
    loop.scheduleWithFixedDelay(
        () ->
            network
                .connectedPeers()
                .forEach(
                    peer ->
                        network
                            .rtt(peer)
                            .ifPresent(rtt -> metrics.peerRtt(peer.toBase58(), rtt.toNanos()))),
        1,
        5,
        TimeUnit.SECONDS);
    LOG.info(
        "duties start at slot {} ({} slots per epoch, {} s per slot)",
        first,
        schedule.slotsPerEpoch(),
        schedule.secondsPerSlot());
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

  /** The first slot whose duty start (one third into the slot) is still ahead. */
  private long firstDutySlot(final SlotClock clock) {
    final long now = time.currentTimeMillis();
    if (now < clock.slotStartMillis(0)) {
      return 0;
    }
    final long current = clock.currentSlot();
    final long dutyStart = clock.slotStartMillis(current) + clock.millisPerSlot() / 3;
    return now < dutyStart ? current : current + 1;
  }

  /** Runs the slot's duties at one third of the slot, then schedules the next slot. */
  private void scheduleSlot(
      final long slot,
      final SlotClock clock,
      final AttesterDutyScheduler scheduler,
      final AttestationWorkflow workflow,
      final QbftEventLoop consensus,
      final P2PNetwork network) {
    loop.schedule(
        () -> {
          final long current = clock.currentSlot();
          final long next = Math.max(slot, current) + 1;
          try {
            final long epoch = clock.epochOf(slot);
            consensus.expireBefore(Math.max(0, slot - 2));
            if (current <= slot) {
              workflow.onSlot(slot);
            } else {
              LOG.warn("slot {} skipped: the node was too busy to start it in time", slot);
            }
            // Duties are loaded ahead: the next epoch's from the middle of this one, away from the
            // epoch boundary; this epoch's again only if loading them failed before.
            scheduler.ensureLoaded(epoch);
            if (slot % clock.slotsPerEpoch() >= clock.slotsPerEpoch() / 2) {
              scheduler.ensureLoaded(epoch + 1);
            }
            scheduler.prune(epoch - 1);
            if (slot % clock.slotsPerEpoch() == 1) {
              // Once per epoch, two thirds into its second slot: after that slot's attestations.
              maintenance.schedule(
                  this::pruneSlashingProtection, clock.millisPerSlot() / 3, TimeUnit.MILLISECONDS);
            }
            metrics.peersConnected(network.connectedPeers().size());
          } catch (final RuntimeException e) {
            LOG.error("slot {} failed: {}", slot, e.toString(), e);
          } finally {
            scheduleSlot(next, clock, scheduler, workflow, consensus, network);
          }
        },
        Math.max(0, clock.millisUntil(slot, 1, 3)),
        TimeUnit.MILLISECONDS);
  }

  private QbftEventLoop qbft(
      final ForkSchedule schedule,
      final AttestationWorkflow workflow,
      final ClusterMessaging messaging) {
    final Map<Integer, Operator> operators = cluster.operatorsByIndex();
    final QbftEventLoop[] self = new QbftEventLoop[1];
    self[0] =
        ClusterConsensus.create(
            cluster,
            schedule.secondsPerSlot(),
            schedule.slotsPerEpoch(),
            workflow.valueValidator(),
            new io.dvc.consensus.driver.Transport() {
              @Override
              public void send(
                  final int operator,
                  final io.dvc.consensus.message.QbftMessage decoded,
                  final byte[] message) {
                final Operator op = operators.get(operator);
                if (op != null) {
                  LOG.trace("QBFT {} bytes to operator {}", message.length, operator);
                  messaging
                      .send(op.peerId(), QBFT_PROTOCOL, message)
                      .exceptionally(
                          error -> {
                            LOG.debug(
                                "QBFT send to operator {} failed: {}", operator, error.toString());
                            return null;
                          });
                }
              }
            },
            time,
            at ->
                loop.schedule(
                    () -> self[0].onWakeup(),
                    Math.max(0, at - time.currentTimeMillis()),
                    TimeUnit.MILLISECONDS),
            new QbftListener() {
              @Override
              public void onDecided(final Decision decision) {
                LOG.debug("decided {} in round {}", decision.instance(), decision.round());
                workflow.onDecided(decision);
              }

              @Override
              public void onDropped(
                  final int from, final io.dvc.consensus.qbft.Rejection rejection) {
                LOG.debug("dropped QBFT message from operator {}: {}", from, rejection);
              }
            });
    return self[0];
  }

  private void broadcast(final ClusterMessaging messaging, final String protocol, final byte[] m) {
    for (final Operator op : cluster.operators()) {
      if (op.index() != cluster.selfIndex()) {
        messaging
            .send(op.peerId(), protocol, m)
            .exceptionally(
                error -> {
                  LOG.debug("send to operator {} failed: {}", op.index(), error.getMessage());
                  return null;
                });
      }
    }
  }

  private Optional<Integer> operatorIndex(final PeerId peer) {
    return cluster.operatorOf(peer).map(Operator::index);
  }

  private P2PConfig p2pConfig() {
    final Set<PeerId> allowed =
        cluster.operators().stream().map(Operator::peerId).collect(Collectors.toSet());
    final Map<PeerId, Multiaddr> peers = new HashMap<>();
    for (final Operator op : cluster.operators()) {
      if (op.index() != cluster.selfIndex() && op.address().isPresent()) {
        peers.put(op.peerId(), op.address().get().withPeerId(op.peerId()));
      }
    }
    return P2PConfig.defaults(cluster.nodeKey())
        .withListenAddresses(List.of(options.p2pListen()))
        .withAllowedPeers(allowed)
        .withStaticPeers(peers)
        .withPingInterval(Duration.ofSeconds(3));
  }

  private BeaconNodeClient beaconClient() {
    final List<HttpBeaconNodeClient> nodes = new ArrayList<>();
    for (final String url : options.beaconNodeUrls()) {
      nodes.add(
          new HttpBeaconNodeClient(
              new BeaconHttp(
                  url,
                  options.beaconTimeout(),
                  ioExecutor,
                  (base, endpoint, nanos, ok) -> metrics.beaconRequest(base, nanos, ok))));
    }
    return new FailoverBeaconNodeClient(nodes);
  }

  /** Waits (retrying every second, logging every ten) until a beacon node answers its spec. */
  private JsonNode waitForBeaconNode(final BeaconNodeClient beacon) {
    notReady = Optional.of("waiting for a beacon node");
    for (int attempt = 0; ; attempt++) {
      try {
        return beacon.spec().join();
      } catch (final java.util.concurrent.CompletionException e) {
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

  /**
   * The lock's fork version must be the beacon node's GENESIS_FORK_VERSION (config/spec) or the
   * genesis_fork_version of /eth/v1/beacon/genesis, which some nodes (Lodestar 1.5) report as the
   * version of the fork in force at genesis. The chain's identity beyond that is its genesis
   * validators root, which the slashing-protection database is bound to.
   */
  private void checkNetwork(
      final byte[] beaconGenesisForkVersion, final byte[] specGenesisVersion) {
    if (!Arrays.equals(beaconGenesisForkVersion, cluster.forkVersion())
        && !Arrays.equals(specGenesisVersion, cluster.forkVersion())) {
      throw new NodeStartException(
          "beacon node is on another network: its genesis fork version is "
              + Hex.encode(specGenesisVersion)
              + " (genesis endpoint: "
              + Hex.encode(beaconGenesisForkVersion)
              + ") but the cluster lock says "
              + Hex.encode(cluster.forkVersion()));
    }
  }

  private SlashingProtection openSlashingProtection(final byte[] genesisValidatorsRoot) {
    final KvStore store = SlashingSchema.openDatabase(options.dataDir());
    closeables.add(store);
    final Optional<Root> bound = SlashingProtection.boundGenesisValidatorsRoot(store);
    if (bound.isPresent() && !Arrays.equals(bound.get().toBytes(), genesisValidatorsRoot)) {
      throw new NodeStartException(
          "beacon node is on another network: genesis validators root "
              + Hex.encode(genesisValidatorsRoot)
              + " differs from "
              + Hex.encode(bound.get().toBytes())
              + " in the slashing-protection database");
    }
    return SlashingProtection.open(store, Root.of(genesisValidatorsRoot));
  }

  private Map<Long, ValidatorShare> resolveIndices(final BeaconNodeClient beacon) {
    final Map<String, ValidatorShare> byPubkey = new HashMap<>();
    for (final ValidatorShare share : cluster.validators()) {
      byPubkey.put(share.groupPublicKey().toHex(), share);
    }
    final List<ValidatorInfo> known = beacon.validators(byPubkey.keySet()).join();
    final Map<Long, ValidatorShare> byIndex = new HashMap<>();
    for (final ValidatorInfo info : known) {
      final ValidatorShare share = byPubkey.get(Hex.encode(info.pubkey()));
      if (share != null) {
        byIndex.put(info.index(), share);
      }
    }
    if (byIndex.size() < byPubkey.size()) {
      LOG.warn(
          "{} of the cluster's {} validators are unknown to the beacon node",
          byPubkey.size() - byIndex.size(),
          byPubkey.size());
    }
    return byIndex;
  }

  private void onOutcome(final DutyOutcome outcome) {
    metrics.dutyOutcome(outcome);
    recent.add(outcome);
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

  private void startHealth() throws IOException {
    if (options.healthAddress().isEmpty()) {
      return;
    }
    health = new HealthServer(options.healthAddress().get(), metrics.registry(), () -> notReady);
    health.addHandler(
        "/dvc/v1/duties",
        exchange -> {
          final String query = Optional.ofNullable(exchange.getRequestURI().getQuery()).orElse("");
          long since = 0;
          if (query.startsWith("since=")) {
            since = Long.parseLong(query.substring(6));
          }
          HealthServer.respondJson(exchange, 200, outcomesJson(recent.since(since)));
        });
    health.start();
    closeables.add(health);
    if (options.metricsAddress().isPresent()) {
      final HealthServer metricsServer =
          new HealthServer(options.metricsAddress().get(), metrics.registry(), () -> notReady);
      metricsServer.start();
      closeables.add(metricsServer);
    }
  }

  private static String outcomesJson(final List<DutyOutcome> outcomes) {
    final ArrayNode array = MAPPER.createArrayNode();
    for (final DutyOutcome outcome : outcomes) {
      final ObjectNode node = array.addObject();
      node.put("type", outcome.duty().type().name().toLowerCase(java.util.Locale.ROOT));
      node.put("slot", outcome.duty().slot());
      node.put("validator_index", outcome.duty().validatorIndex());
      node.put("success", outcome.succeeded());
      node.put("reason", outcome.failure().map(r -> r.label()).orElse(""));
      node.put("detail", outcome.detail());
      node.put("latency_ms", outcome.latencyMillis());
    }
    return array.toString();
  }

  private static JsonNode genesisJson(final io.dvc.node.beaconapi.Genesis genesis) {
    final ObjectNode node = MAPPER.createObjectNode();
    node.put("genesis_time", Long.toUnsignedString(genesis.genesisTime()));
    node.put("genesis_validators_root", Hex.encode(genesis.genesisValidatorsRoot()));
    node.put("genesis_fork_version", Hex.encode(genesis.genesisForkVersion()));
    return node;
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
    ioExecutor.shutdownNow();
  }
}
