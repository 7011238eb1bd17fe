package io.dvc.dkg.net;

import io.dvc.common.time.TimeProvider;
import io.dvc.config.cluster.Operator;
import io.dvc.dkg.DkgCodec;
import io.dvc.dkg.DkgMessage;
import io.dvc.dkg.DkgOutcome;
import io.dvc.dkg.DkgSession;
import io.dvc.dkg.DkgSettings;
import io.dvc.dkg.PhasedSession;
import io.dvc.p2p.ConnectionEvent;
import io.dvc.p2p.P2PConfig;
import io.dvc.p2p.P2PLimits;
import io.dvc.p2p.P2PNetwork;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.messaging.ClusterMessaging;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one operator's {@link DkgSession} over the p2p stack: a libp2p host listening on {@code
 * listen}, dialling every other operator of the definition at its address, admitting only the
 * definition's peer ids (the connection gate), messages on {@value #PROTOCOL} over the Noise
 * encrypted, yamux-multiplexed connection. The session runs on one thread; a timer ticks it every
 * {@value #TICK_MILLIS} ms so phase deadlines pass. After the outcome, queued messages (our last
 * phase's message, our abort notice) get up to {@link #DRAIN} to leave before the host stops.
 */
public final class DkgNetworkRunner {
  public static final String PROTOCOL = "/dvc/dkg/1.0.0";
  static final long TICK_MILLIS = 100;
  static final Duration DRAIN = Duration.ofSeconds(5);
  private static final int MAX_MESSAGE = 64 << 20;
  private static final Logger LOG = LoggerFactory.getLogger(DkgNetworkRunner.class);

  /** The outcome and the number of message bytes this operator sent. */
  public record Result(DkgOutcome outcome, long bytesSent) {}

  private DkgNetworkRunner() {}

  /**
   * Changes or drops an outgoing message (tests make a cheating operator with it); the identity
   * passes everything.
   */
  @FunctionalInterface
  public interface OutgoingFilter {
    OutgoingFilter NONE = (to, m) -> java.util.Optional.of(m);

    java.util.Optional<DkgMessage> apply(int to, DkgMessage message);
  }

  /** Runs the ceremony to its outcome (blocking). */
  public static Result run(
      final DkgSettings settings, final Multiaddr listen, final SecureRandom random)
      throws InterruptedException {
    return run(settings, listen, random, OutgoingFilter.NONE);
  }

  /** As {@link #run(DkgSettings, Multiaddr, SecureRandom)}, every outgoing message filtered. */
  public static Result run(
      final DkgSettings settings,
      final Multiaddr listen,
      final SecureRandom random,
      final OutgoingFilter filter)
      throws InterruptedException {
    final List<Party> parties = new ArrayList<>();
    for (final Operator op : settings.definition().operators()) {
      parties.add(new Party(op.peerId(), op.addresses().stream().findFirst()));
    }
    return run(
        settings.identity(),
        parties,
        settings.ownIndex(),
        listen,
        new DkgCodec(
            parties.size(),
            settings.definition().threshold(),
            settings.definition().numValidators()),
        outbox -> new DkgSession(settings, TimeProvider.SYSTEM, random, outbox),
        filter);
  }

  /** One party of a ceremony: its peer id and the address to dial it at (if any). */
  public record Party(PeerId peerId, java.util.Optional<Multiaddr> address) {}

  /**
   * Runs any {@link PhasedSession} among {@code parties} (numbered from 1 in list order; {@code me}
   * is this host's number) to its outcome (blocking).
   */
  public static Result run(
      final NodeKey identity,
      final List<Party> parties,
      final int me,
      final Multiaddr listen,
      final DkgCodec codec,
      final java.util.function.Function<PhasedSession.Outbox, PhasedSession> sessionFactory,
      final OutgoingFilter filter)
      throws InterruptedException {
    final Map<PeerId, Integer> indexOf = new HashMap<>();
    final Map<PeerId, Multiaddr> staticPeers = new HashMap<>();
    for (int i = 0; i < parties.size(); i++) {
      final Party party = parties.get(i);
      indexOf.put(party.peerId(), i + 1);
      if (i + 1 != me && party.address().isPresent()) {
        staticPeers.put(party.peerId(), party.address().get().withPeerId(party.peerId()));
      }
    }
    final P2PLimits d = P2PLimits.defaults();
    final P2PConfig config =
        P2PConfig.defaults(identity)
            .withListenAddresses(List.of(listen))
            .withAllowedPeers(Set.copyOf(indexOf.keySet()))
            .withStaticPeers(staticPeers)
            .withPingInterval(Duration.ofSeconds(3))
            .withLimits(
                new P2PLimits(
                    MAX_MESSAGE,
                    d.maxStreamsPerConnection(),
                    d.handshakeTimeout(),
                    // a peer may compute for a while between messages; pings keep it alive
                    Duration.ofSeconds(60),
                    d.streamReceiveWindow(),
                    2L * MAX_MESSAGE));
    final ScheduledExecutorService loop =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dkg-" + me));
    final ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dkg-timer-" + me));
    final P2PNetwork network = new P2PNetwork(config);
    final ClusterMessaging messaging = new ClusterMessaging(network, MAX_MESSAGE, loop, timer);
    final Map<Integer, PeerOutbox> outboxes = new HashMap<>();
    for (final Map.Entry<PeerId, Integer> e : indexOf.entrySet()) {
      if (e.getValue() != me) {
        outboxes.put(e.getValue(), new PeerOutbox(e.getKey(), PROTOCOL, messaging, loop, timer));
      }
    }
    final PhasedSession session =
        sessionFactory.apply(
            (to, m) ->
                filter.apply(to, m).ifPresent(f -> outboxes.get(to).enqueue(DkgCodec.encode(f))));
    final CompletableFuture<DkgOutcome> done = new CompletableFuture<>();
    final Runnable check = () -> session.outcome().ifPresent(o -> done.complete(o));
    messaging.registerHandler(
        PROTOCOL,
        (from, bytes) -> {
          final Integer index = indexOf.get(from);
          if (index == null) {
            return;
          }
          final DkgMessage message;
          try {
            message = codec.decode(bytes);
          } catch (final DkgCodec.MalformedMessageException e) {
            session.abortLocally(
                session.describe(index) + " sent a malformed message (" + e.getMessage() + ")");
            check.run();
            return;
          }
          session.onMessage(index, message);
          check.run();
        });
    network.subscribe(
        event -> {
          final Integer index = indexOf.get(event.peer());
          if (index == null || index == me) {
            return;
          }
          if (event.type() == ConnectionEvent.Type.CONNECTED) {
            LOG.info("DKG: connected to {}", session.describe(index));
            loop.execute(() -> outboxes.get(index).flush());
          } else if (event.type() == ConnectionEvent.Type.DISCONNECTED) {
            LOG.info("DKG: disconnected from {} ({})", session.describe(index), event.reason());
          }
        });
    try {
      network.start().get(30, TimeUnit.SECONDS);
      LOG.info("DKG: {} listening on {}", session.describe(me), network.listenAddresses());
      loop.execute(
          () -> {
            session.start();
            check.run();
          });
      loop.scheduleAtFixedRate(
          () -> {
            session.onTick();
            check.run();
          },
          TICK_MILLIS,
          TICK_MILLIS,
          TimeUnit.MILLISECONDS);
      final DkgOutcome outcome = done.get();
      drain(loop, outboxes.values());
      final long bytes =
          CompletableFuture.supplyAsync(
                  () -> outboxes.values().stream().mapToLong(PeerOutbox::bytesSent).sum(), loop)
              .get();
      return new Result(outcome, bytes);
    } catch (final ExecutionException | java.util.concurrent.TimeoutException e) {
      session.abortLocally("p2p host failed: " + e.getCause());
      return new Result(session.outcome().orElseThrow(), 0);
    } finally {
      network.stop();
      loop.shutdownNow();
      timer.shutdownNow();
    }
  }

  /** Waits until every queue is empty, at most {@link #DRAIN}. */
  private static void drain(
      final ScheduledExecutorService loop, final java.util.Collection<PeerOutbox> outboxes)
      throws InterruptedException {
    final long end = System.nanoTime() + DRAIN.toNanos();
    while (System.nanoTime() < end) {
      try {
        final boolean empty =
            CompletableFuture.supplyAsync(
                    () -> outboxes.stream().allMatch(PeerOutbox::isEmpty), loop)
                .get();
        if (empty) {
          return;
        }
      } catch (final ExecutionException e) {
        return;
      }
      Thread.sleep(50);
    }
  }

  private static Thread daemon(final Runnable r, final String name) {
    final Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
