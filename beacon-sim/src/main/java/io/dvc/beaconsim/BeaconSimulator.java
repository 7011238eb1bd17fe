package io.dvc.beaconsim;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.common.time.SlotClock;
import io.dvc.spec.ForkName;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Sha256;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated beacon node on 127.0.0.1: {@link #start(BeaconSimConfig)} builds the chain, opens the
 * Beacon API and starts the slot clock; {@link #close()} stops everything.
 *
 * <pre>{@code
 * try (BeaconSimulator sim = BeaconSimulator.start(BeaconSimConfig.of(keys).withSecondsPerSlot(2))) {
 *   String url = sim.url();            // http://127.0.0.1:PORT
 *   SimSummary summary = sim.summary(); // also GET /dvc/v1/summary
 * }
 * }</pre>
 */
public final class BeaconSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BeaconSimulator.class);
  private static final long MAX_TICK_MILLIS = 200;
  private static final int MAX_EVENTS_PER_TICK = 64;

  private final BeaconSimConfig config;
  private final SimChain chain;
  private final AttestationLedger ledger;
  private final BeaconApi api;
  private final EventHub events = new EventHub();
  private final BeaconHttpServer server;
  private final SimControls controls;
  private final java.util.List<BeaconHttpServer> extraServers = new ArrayList<>();
  private final ScheduledExecutorService ticker;
  private long lastAnnouncedSlot = -1;

  private BeaconSimulator(final BeaconSimConfig config, final SimControls controls) {
    this.config = config;
    this.controls = controls;
    this.chain = buildChain(config);
    chain.useControls(controls);
    this.ledger = new AttestationLedger(chain, controls);
    this.api =
        new BeaconApi(
            chain,
            ledger,
            config.genesisDelaySeconds(),
            config.blobsPerBlock(),
            config.builder(),
            this::blockImported);
    api.clientVersion(controls.clientVersion());
    this.server = new BeaconHttpServer(config.port(), api, events);
    try {
      for (final SimControls.Listener listener : controls.extraListeners()) {
        extraServers.add(
            new BeaconHttpServer(listener.port(), api, events, listener.clientVersion()));
      }
    } catch (final IllegalStateException e) {
      extraServers.forEach(BeaconHttpServer::close);
      server.close();
      throw e;
    }
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              final Thread thread = new Thread(r, "beacon-sim-clock");
              thread.setDaemon(true);
              return thread;
            });
    ticker.execute(this::tick);
  }

  /**
   * Builds the chain and listens.
   *
   * @throws IllegalArgumentException when there is no validator or a cluster key is not a valid BLS
   *     public key
   * @throws IllegalStateException when the port cannot be bound
   */
  public static BeaconSimulator start(final BeaconSimConfig config) {
    return start(config, new SimControls());
  }

  /**
   * Builds the chain and listens, with switches for misbehaviour and client names ({@link
   * SimControls}; the drop and finality switches stay live through {@link #controls()}).
   */
  public static BeaconSimulator start(final BeaconSimConfig config, final SimControls controls) {
    final long warmUpStart = System.nanoTime();
    final int warmUpValidators =
        (int)
            Math.max(
                64, Math.min(10_240, config.clusterValidators().size() + config.extraValidators()));
    final SubmissionWarmUp.Result warmedUp = SubmissionWarmUp.run(config, warmUpValidators, 4);
    LOG.info(
        "warmed up the request path: {} of {} attestations and {} of {} blocks of {} throw-away"
            + " validators accepted in {} ms",
        warmedUp.accepted(),
        warmedUp.submitted(),
        warmedUp.blocksImported(),
        warmedUp.blocksPublished(),
        warmUpValidators,
        (System.nanoTime() - warmUpStart) / 1_000_000);
    final BeaconSimulator simulator = new BeaconSimulator(config, controls);
    LOG.info(
        "beacon-sim listening on {} ({} preset, fork {}, {} s slots, {} cluster + {} other"
            + " validators, genesis {})",
        simulator.url(),
        config.preset().name(),
        config.fork().jsonName(),
        config.secondsPerSlot(),
        config.clusterValidators().size(),
        config.extraValidators(),
        simulator.chain.schedule().genesisTime());
    return simulator;
  }

  public int port() {
    return server.port();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public SimSummary summary() {
    return api.summary();
  }

  /** The whole summary as served at {@code /dvc/v1/summary} (registrations and exits too). */
  public com.fasterxml.jackson.databind.node.ObjectNode summaryJson() {
    return api.summaryJson();
  }

  /** Makes a validator appear live from "elsewhere" in the liveness answers (a doppelganger). */
  public void markLiveElsewhere(final int validatorIndex) {
    api.markLiveElsewhere(validatorIndex);
  }

  /** The misbehaviour switches (live). */
  public SimControls controls() {
    return controls;
  }

  /** The URLs of the extra listeners ({@link SimControls#extraListener}), in the order given. */
  public java.util.List<String> extraUrls() {
    return extraServers.stream().map(s -> "http://127.0.0.1:" + s.port()).toList();
  }

  /** The simulated chain (committees, roots, checkpoints): read-only views for tests and tools. */
  public SimChain chain() {
    return chain;
  }

  /** The number of open event streams. */
  int eventStreamCount() {
    return events.size();
  }

  /** The API without HTTP (benchmarks and tools). */
  public BeaconApi api() {
    return api;
  }

  public BeaconSimConfig config() {
    return config;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    events.closeAll();
    extraServers.forEach(BeaconHttpServer::close);
    server.close();
  }

  private static SimChain buildChain(final BeaconSimConfig config) {
    if (config.clusterValidators().isEmpty() && config.extraValidators() == 0) {
      throw new IllegalArgumentException(
          "the chain needs at least one validator: give cluster keys or extra validators");
    }
    final List<SimValidator> validators = new ArrayList<>();
    for (final BlsPublicKey key : config.clusterValidators()) {
      if (!key.isValid()) {
        throw new IllegalArgumentException(
            "cluster validator " + validators.size() + " has an invalid BLS public key " + key);
      }
      validators.add(new SimValidator(validators.size(), key, true));
    }
    for (int i = 0; i < config.extraValidators(); i++) {
      validators.add(new SimValidator(validators.size(), extraKey(config.seed(), i), false));
    }
    final Bytes gvr =
        SimChain.genesisValidatorsRoot(validators.stream().map(SimValidator::publicKey).toList());
    final long genesisTime =
        Math.floorDiv(config.time().currentTimeMillis(), 1000) + config.genesisDelaySeconds();
    final ForkSchedule schedule = forkSchedule(config, gvr, genesisTime);
    final SlotClock clock = schedule.slotClock(config.time());
    return new SimChain(schedule, clock, ChainParameters.of(config.preset()), validators);
  }

  /** The configured fork (and every earlier one) active from genesis. */
  static ForkSchedule forkSchedule(
      final BeaconSimConfig config, final Bytes genesisValidatorsRoot, final long genesisTime) {
    final Map<ForkName, Long> epochs = new EnumMap<>(ForkName.class);
    for (final ForkName fork : ForkName.values()) {
      epochs.put(fork, fork.compareTo(config.fork()) <= 0 ? 0L : ForkSchedule.FAR_FUTURE_EPOCH);
    }
    epochs.put(ForkName.PHASE0, 0L);
    return ForkSchedule.of(
        ForkVersions.derive(config.genesisForkVersion()),
        epochs,
        genesisValidatorsRoot,
        genesisTime,
        config.secondsPerSlot(),
        config.preset());
  }

  /** A simulated validator's key: scalar = sha256(seed | i) mod (r - 1) + 1. */
  private static BlsPublicKey extraKey(final long seed, final int i) {
    final byte[] input = ByteBuffer.allocate(16).putLong(seed).putLong(i).array();
    final BigInteger scalar =
        new BigInteger(1, Sha256.hash(input))
            .mod(Bls.CURVE_ORDER.subtract(BigInteger.ONE))
            .add(BigInteger.ONE);
    final BlsSecretKey secret = BlsSecretKey.fromScalar(scalar);
    try {
      return secret.publicKey();
    } finally {
      secret.destroy();
    }
  }

  private void tick() {
    try {
      announceNewSlots();
    } catch (final RuntimeException e) {
      LOG.error("beacon-sim clock tick failed", e);
    }
    if (!ticker.isShutdown()) {
      final SlotClock clock = chain.clock();
      final long untilNext =
          clock.slotStartMillis(clock.currentSlot() + 1) - config.time().currentTimeMillis();
      final long delay = Math.max(5, Math.min(MAX_TICK_MILLIS, untilNext));
      try {
        ticker.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
      } catch (final java.util.concurrent.RejectedExecutionException e) {
        // closed meanwhile
      }
    }
  }

  private void announceNewSlots() {
    if (config.time().currentTimeMillis() < chain.schedule().genesisTime() * 1000) {
      return;
    }
    final long head = chain.headSlot();
    if (head <= lastAnnouncedSlot) {
      return;
    }
    final long from = Math.max(lastAnnouncedSlot + 1, head - MAX_EVENTS_PER_TICK + 1);
    for (long slot = from; slot <= head; slot++) {
      final long epoch = chain.epochOf(slot);
      if (slot % chain.slotsPerEpoch() == 0 && slot > 0) {
        events.publish("finalized_checkpoint", api.finalizedEvent(epoch).toString());
      }
      if (slot % chain.slotsPerEpoch() == 1 && slot > 1) {
        // one slot late, so that the attestations of the epoch's last slot are in
        logEpoch(epoch - 1);
      }
      if (!chain.isClusterSlot(slot)) {
        // the simulator's own block; a cluster slot's block is announced when it is imported
        events.publish("block", api.blockEvent(slot).toString());
        events.publish("head", api.headEvent(slot).toString());
      }
    }
    lastAnnouncedSlot = head;
  }

  /**
   * A published block became the head: announce it, and re-check the inclusion of attestations
   * whose epoch boundary block it replaced.
   */
  private void blockImported(final long slot) {
    final long head = chain.headSlot();
    for (long epoch = chain.epochOf(slot); chain.startSlot(epoch) <= head; epoch++) {
      if (chain.startSlot(epoch) >= slot) {
        ledger.revalidateInclusion(epoch);
      }
    }
    events.publish("block", api.blockEvent(slot).toString());
    events.publish("head", api.headEvent(slot).toString());
  }

  private void logEpoch(final long epoch) {
    final SimSummary s = api.summary();
    LOG.info(
        "epoch {} done: head slot {}, attestations received {} valid {} invalid {} (bad"
            + " signatures {}), cluster validators included {}/{}, slashable pairs {}; proposals"
            + " included {}/{}, bad block signatures {}, double proposals {}",
        epoch,
        s.currentSlot(),
        s.attestationsReceived(),
        s.attestationsValid(),
        s.attestationsInvalid(),
        s.invalidSignatures(),
        ledger.clusterIncluded(epoch),
        s.clusterValidatorCount(),
        s.slashable().size(),
        s.proposals().included(),
        s.proposals().expected(),
        s.proposals().invalidSignatures(),
        s.proposals().slashable().size());
  }
}
