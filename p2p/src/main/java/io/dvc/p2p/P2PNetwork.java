package io.dvc.p2p;

import io.dvc.common.events.Subscribers;
import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.p2p.noise.NoiseIdentity;
import io.dvc.p2p.protocol.IdentifyMessage;
import io.dvc.p2p.protocol.IdentifyProtocol;
import io.dvc.p2p.protocol.PingProtocol;
import io.dvc.p2p.transport.ConnectionUpgrader;
import io.dvc.p2p.util.LogRateLimiter;
import io.dvc.p2p.util.MalformedInputException;
import io.dvc.p2p.yamux.YamuxSession;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A libp2p host on Netty: TCP, multistream-select, Noise XX, yamux, identify and ping. Keeps the
 * configured static peers connected (dial with backoff, redial on loss, ping keep-alive), refuses
 * authenticated peers outside the allowed set, and dispatches inbound streams to protocol handlers.
 */
public final class P2PNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(P2PNetwork.class);

  private final P2PConfig config;
  private final PeerId localPeer;
  private final NoiseIdentity noiseIdentity;
  private final Map<String, ProtocolHandler> handlers = new ConcurrentHashMap<>();
  private final Map<PeerId, List<Connection>> connections = new ConcurrentHashMap<>();
  private final Map<PeerId, PeerTraffic> traffic = new ConcurrentHashMap<>();
  private final Subscribers<ConnectionEvent> events = new Subscribers<>();
  private final Map<PeerId, DialState> dialStates = new ConcurrentHashMap<>();
  private final List<Channel> serverChannels = new CopyOnWriteArrayList<>();
  private final List<Channel> allChannels = new CopyOnWriteArrayList<>();
  private volatile List<Multiaddr> boundAddresses = List.of();
  private volatile boolean running;
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private ScheduledExecutorService scheduler;

  private final int maxUnauthenticatedInbound;
  private final AtomicInteger unauthenticatedInbound = new AtomicInteger();
  private final LogRateLimiter refusalLog = LogRateLimiter.perSecond(5);
  private final StallWatch stallWatch;

  private static final class DialState {
    volatile boolean dialing;
    volatile long backoffMillis;
  }

  public P2PNetwork(final P2PConfig config) {
    this(config, P2PLimits.MAX_UNAUTHENTICATED_INBOUND);
  }

  /** With another cap on inbound connections still in their handshake (tests). */
  P2PNetwork(final P2PConfig config, final int maxUnauthenticatedInbound) {
    this.maxUnauthenticatedInbound = maxUnauthenticatedInbound;
    this.config = config;
    this.localPeer = config.nodeKey().peerId();
    this.noiseIdentity = NoiseIdentity.create(config.nodeKey());
    this.stallWatch = new StallWatch(config.stallTimeout(), this::dialAnother);
    handlers.put(PingProtocol.PROTOCOL_ID, PingProtocol.handler());
    handlers.put(IdentifyProtocol.PROTOCOL_ID, s -> IdentifyProtocol.serve(s, this::identifyFor));
  }

  public PeerId localPeerId() {
    return localPeer;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Binds the listen addresses and starts dialing the static peers. */
  public synchronized CompletableFuture<Void> start() {
    if (running) {
      return CompletableFuture.completedFuture(null);
    }
    boss = new NioEventLoopGroup(1, new DefaultThreadFactory("p2p-accept-" + shortId(), true));
    workers =
        new NioEventLoopGroup(
            config.ioThreads(), new DefaultThreadFactory("p2p-io-" + shortId(), true));
    scheduler = workers.next();
    running = true;
    final ServerBootstrap server =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
            .childHandler(initializer(false, null, null));
    final List<Multiaddr> bound = new ArrayList<>();
    try {
      for (final Multiaddr addr : config.listenAddresses()) {
        final Channel ch = server.bind(addr.toSocketAddress()).syncUninterruptibly().channel();
        serverChannels.add(ch);
        bound.add(Multiaddr.tcp((InetSocketAddress) ch.localAddress()));
      }
    } catch (final RuntimeException e) {
      stop();
      return CompletableFuture.failedFuture(e);
    }
    boundAddresses = List.copyOf(bound);
    LOG.info("p2p host {} listening on {}", localPeer, boundAddresses);
    config
        .staticPeers()
        .keySet()
        .forEach(
            p -> {
              final DialState s = new DialState();
              s.backoffMillis = config.minBackoff().toMillis();
              dialStates.put(p, s);
              // The lower peer id dials at once; the other waits a little to avoid duplicate
              // connections.
              final long delay = localPeer.compareTo(p) < 0 ? 0 : 300;
              scheduler.schedule(() -> ensureConnected(p), delay, TimeUnit.MILLISECONDS);
            });
    final long ping = config.pingInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::keepAlive, ping, ping, TimeUnit.MILLISECONDS);
    if (stallWatch.enabled()) {
      final long period = Math.max(50, config.stallTimeout().toMillis() / 4);
      scheduler.scheduleWithFixedDelay(
          () -> stallWatch.check(connections), period, period, TimeUnit.MILLISECONDS);
    }
    final long sweep = Math.max(100, config.maxBackoff().toMillis());
    scheduler.scheduleWithFixedDelay(
        () -> dialStates.keySet().forEach(this::ensureConnected),
        sweep,
        sweep,
        TimeUnit.MILLISECONDS);
    return CompletableFuture.completedFuture(null);
  }

  /** Closes every connection and listener and stops the I/O threads. */
  public synchronized void stop() {
    if (!running && workers == null) {
      return;
    }
    running = false;
    serverChannels.forEach(Channel::close);
    serverChannels.clear();
    allChannels.forEach(Channel::close);
    allChannels.clear();
    if (workers != null) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      workers = null;
      boss = null;
    }
    connections.clear();
    dialStates.clear();
    LOG.info("p2p host {} stopped", localPeer);
  }

  public boolean isRunning() {
    return running;
  }

  /** The addresses actually bound (with the chosen ports), without /p2p. */
  public List<Multiaddr> listenAddresses() {
    return boundAddresses;
  }

  // ---------------------------------------------------------------- protocols and streams

  /** Serves {@code protocolId} on inbound streams; replaces any earlier handler. */
  public void registerProtocol(final String protocolId, final ProtocolHandler handler) {
    handlers.put(protocolId, handler);
  }

  public Set<String> protocols() {
    return Set.copyOf(handlers.keySet());
  }

  /** Opens a stream for {@code protocolId} on a live connection to {@code peer}. */
  public CompletableFuture<P2PStream> newStream(final PeerId peer, final String protocolId) {
    return connection(peer)
        .map(c -> c.openStream(protocolId))
        .orElseGet(
            () ->
                CompletableFuture.failedFuture(
                    new IllegalStateException("not connected to " + peer)));
  }

  /** Pings {@code peer} over /ipfs/ping/1.0.0 and records the round-trip time. */
  public CompletableFuture<Duration> ping(final PeerId peer, final Duration timeout) {
    final Optional<Connection> c = connection(peer);
    if (c.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalStateException("not connected to " + peer));
    }
    return ping(c.get(), timeout);
  }

  private CompletableFuture<Duration> ping(final Connection c, final Duration timeout) {
    return PingProtocol.ping(c.openStream(PingProtocol.PROTOCOL_ID), scheduler, timeout)
        .whenComplete((rtt, e) -> c.recordPing(e == null ? rtt : null));
  }

  // ---------------------------------------------------------------- connections

  /** Dials {@code address}, which must end in /p2p/<peer id>; the remote must prove that id. */
  public CompletableFuture<Connection> dial(final Multiaddr address) {
    final CompletableFuture<Connection> result = new CompletableFuture<>();
    if (!running) {
      result.completeExceptionally(new IllegalStateException("host not running"));
      return result;
    }
    final PeerId expected;
    final InetSocketAddress target;
    try {
      expected =
          address
              .peerId()
              .orElseThrow(
                  () -> new MalformedInputException("dial address " + address + " lacks /p2p"));
      target = address.toSocketAddress();
    } catch (final MalformedInputException e) {
      result.completeExceptionally(e);
      return result;
    }
    final Bootstrap b =
        new Bootstrap()
            .group(workers)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) config.limits().handshakeTimeout().toMillis())
            .option(
                ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
            .handler(initializer(true, expected, result));
    final ChannelFuture cf =
        b.connect(
            target.isUnresolved()
                ? new InetSocketAddress(target.getHostString(), target.getPort())
                : target);
    cf.addListener(
        f -> {
          if (!f.isSuccess()) {
            result.completeExceptionally(f.cause());
          }
        });
    return result;
  }

  /**
   * The connection to send on: the newest open one that is not stalled (see {@link
   * P2PConfig#stallTimeout()}), else the first open one.
   */
  public Optional<Connection> connection(final PeerId peer) {
    final List<Connection> list = connections.get(peer);
    return list == null ? Optional.empty() : stallWatch.pick(list);
  }

  /**
   * Another open connection to the peer than {@code primary} that is not stalled, the newest first:
   * present only while the peer holds more than one and within a minute of a stall (see {@link
   * StallWatch}).
   */
  public Optional<Connection> spareConnection(final PeerId peer, final Connection primary) {
    final List<Connection> list = connections.get(peer);
    return list == null ? Optional.empty() : stallWatch.spare(peer, list, primary);
  }

  /** Per peer: how many times all its connections stalled and another was dialed. */
  public Map<PeerId, Long> stalls() {
    return stallWatch.stalls();
  }

  /** Whether a ping on this connection has gone unanswered for the stall timeout. */
  public boolean stalled(final Connection c) {
    return stallWatch.stalled(c);
  }

  /**
   * Whether every open connection to the peer is stalled: a ping on it has gone unanswered for the
   * stall timeout (false when there is none, or when stall detection is off).
   */
  public boolean stalled(final PeerId peer) {
    return stalled(peer, config.stallTimeout());
  }

  /**
   * Whether every open connection to the peer has a ping unanswered for at least {@code timeout}
   * (false when there is none, or when stall detection is off).
   */
  public boolean stalled(final PeerId peer, final Duration timeout) {
    final List<Connection> list = connections.get(peer);
    return list != null && stallWatch.allStalled(list, timeout);
  }

  public Set<PeerId> connectedPeers() {
    final Set<PeerId> out = new TreeSet<>();
    connections.forEach(
        (p, l) -> {
          if (l.stream().anyMatch(Connection::isOpen)) {
            out.add(p);
          }
        });
    return Set.copyOf(out);
  }

  /** Last measured round-trip time to {@code peer}. */
  public Optional<Duration> rtt(final PeerId peer) {
    return connection(peer).flatMap(Connection::rtt);
  }

  /**
   * Bytes sent to and received from each allowed peer that has authenticated since the host started
   * (all its connections, framing and handshakes included; refused peers are not kept).
   */
  public Map<PeerId, PeerTraffic> traffic() {
    return Map.copyOf(traffic);
  }

  public void subscribe(final Consumer<ConnectionEvent> listener) {
    events.subscribe(listener);
  }

  // ---------------------------------------------------------------- internals

  private ChannelInitializer<SocketChannel> initializer(
      final boolean initiator,
      final PeerId expected,
      final CompletableFuture<Connection> dialResult) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(final SocketChannel ch) {
        if (!running) {
          ch.close();
          return;
        }
        final Runnable authenticated = initiator ? () -> {} : admitInbound(ch);
        if (authenticated == null) {
          return;
        }
        allChannels.add(ch);
        ch.closeFuture().addListener(f -> allChannels.remove(ch));
        ch.closeFuture().addListener(f -> authenticated.run());
        final long idle = config.limits().idleTimeout().toMillis();
        ch.pipeline().addLast("traffic", new TrafficCounter());
        ch.pipeline().addLast("idle", new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
        ch.pipeline()
            .addLast(
                "upgrader",
                new ConnectionUpgrader(
                    noiseIdentity,
                    initiator,
                    expected,
                    config.limits().handshakeTimeout(),
                    upgradeListener(ch, dialResult, authenticated)));
      }
    };
  }

  /**
   * Counts an inbound connection that has not finished its handshake; closes it at once when {@code
   * maxUnauthenticatedInbound} are already pending (a rate-limited line says so). Returns what to
   * run, once, when the connection is authenticated, fails or closes; null when refused.
   */
  private Runnable admitInbound(final SocketChannel ch) {
    if (unauthenticatedInbound.incrementAndGet() > maxUnauthenticatedInbound) {
      unauthenticatedInbound.decrementAndGet();
      refusalLog
          .tryAcquire()
          .ifPresent(
              dropped ->
                  LOG.info(
                      "p2p inbound connection from {} refused: {} connections are already in"
                          + " their handshake{}",
                      ch.remoteAddress(),
                      maxUnauthenticatedInbound,
                      LogRateLimiter.suffix(dropped)));
      ch.close();
      return null;
    }
    final java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        unauthenticatedInbound.decrementAndGet();
      }
    };
  }

  /** Inbound connections currently in their handshake (tests, metrics). */
  int unauthenticatedInbound() {
    return unauthenticatedInbound.get();
  }

  private ConnectionUpgrader.Listener upgradeListener(
      final Channel ch,
      final CompletableFuture<Connection> dialResult,
      final Runnable authenticated) {
    return new ConnectionUpgrader.Listener() {
      @Override
      public ChannelHandler onSecured(
          final ChannelHandlerContext ctx, final PeerId remote, final boolean initiator) {
        authenticated.run();
        final Multiaddr remoteAddr = Multiaddr.tcp((InetSocketAddress) ch.remoteAddress());

        if (!running) {
          fail(new IllegalStateException("host stopping"));
          return null;
        }
        if (!config.allowedPeers().isEmpty() && !config.allowedPeers().contains(remote)) {
          refusalLog
              .tryAcquire()
              .ifPresent(
                  dropped ->
                      LOG.info(
                          "p2p peer {} at {} refused: not in the allowed set{}",
                          remote,
                          remoteAddr,
                          LogRateLimiter.suffix(dropped)));
          events.deliver(
              new ConnectionEvent(
                  ConnectionEvent.Type.REFUSED, remote, remoteAddr, "not in the allowed set"));
          fail(new IllegalStateException("peer " + remote + " refused by the connection gate"));
          return null;
        }
        ((TrafficCounter) ch.pipeline().get("traffic"))
            .bind(traffic.computeIfAbsent(remote, p -> new PeerTraffic()));
        final Connection[] holder = new Connection[1];
        final YamuxSession session =
            new YamuxSession(
                initiator,
                remote,
                config.limits(),
                new YamuxSession.Host() {
                  @Override
                  public Set<String> protocols() {
                    return handlers.keySet();
                  }

                  @Override
                  public ProtocolHandler handlerFor(final String protocol) {
                    return handlers.get(protocol);
                  }

                  @Override
                  public void onReady(final YamuxSession s) {
                    onConnected(holder[0], dialResult);
                  }

                  @Override
                  public void onClosed(final YamuxSession s, final String reason) {
                    onDisconnected(holder[0], reason);
                    fail(
                        new IllegalStateException(
                            "connection closed before it was ready: " + reason));
                  }
                });
        holder[0] = new Connection(remote, remoteAddr, initiator, session);
        return session;
      }

      @Override
      public void onFailed(final ChannelHandlerContext ctx, final String reason) {
        authenticated.run();
        fail(new IllegalStateException("upgrade failed: " + reason));
      }

      private void fail(final Exception e) {
        if (dialResult != null) {
          dialResult.completeExceptionally(e);
        }
      }
    };
  }

  private void onConnected(final Connection c, final CompletableFuture<Connection> dialResult) {
    connections.computeIfAbsent(c.remotePeer(), p -> new CopyOnWriteArrayList<>()).add(c);
    LOG.debug("p2p connected to {} at {}", c.remotePeer(), c.remoteAddress());
    events.deliver(
        new ConnectionEvent(
            ConnectionEvent.Type.CONNECTED, c.remotePeer(), c.remoteAddress(), null));
    if (dialResult != null) {
      dialResult.complete(c);
    }
    c.openStream(IdentifyProtocol.PROTOCOL_ID)
        .thenCompose(IdentifyProtocol::read)
        .whenComplete(
            (m, e) -> {
              if (e != null) {
                LOG.debug("identify of {} failed: {}", c.remotePeer(), e.toString());
                c.remoteIdentify().completeExceptionally(e);
              } else {
                c.remoteIdentify().complete(m);
              }
            });
  }

  private void onDisconnected(final Connection c, final String reason) {
    final List<Connection> list = connections.get(c.remotePeer());
    final boolean wasReady = list != null && list.remove(c);
    c.closeFuture().complete(null);
    if (!c.remoteIdentify().isDone()) {
      c.remoteIdentify().completeExceptionally(new IllegalStateException("connection closed"));
    }
    if (wasReady) {
      events.deliver(
          new ConnectionEvent(
              ConnectionEvent.Type.DISCONNECTED, c.remotePeer(), c.remoteAddress(), reason));
      if (running && dialStates.containsKey(c.remotePeer())) {
        scheduler.schedule(
            () -> ensureConnected(c.remotePeer()),
            ThreadLocalRandom.current().nextLong(config.minBackoff().toMillis() + 1),
            TimeUnit.MILLISECONDS);
      }
    }
  }

  private void ensureConnected(final PeerId peer) {
    final DialState state = dialStates.get(peer);
    if (!running || state == null || state.dialing || connection(peer).isPresent()) {
      return;
    }
    state.dialing = true;
    final Multiaddr addr = config.staticPeers().get(peer).withPeerId(peer);
    dial(addr)
        .whenComplete(
            (c, e) -> {
              state.dialing = false;
              if (e == null) {
                state.backoffMillis = config.minBackoff().toMillis();
                return;
              }
              if (!running) {
                return;
              }
              events.deliver(
                  new ConnectionEvent(ConnectionEvent.Type.DIAL_FAILED, peer, addr, dialError(e)));
              LOG.debug(
                  "p2p dial to {} failed ({}), retry in {} ms",
                  peer,
                  e.toString(),
                  state.backoffMillis);
              scheduler.schedule(
                  () -> ensureConnected(peer), state.backoffMillis, TimeUnit.MILLISECONDS);
              state.backoffMillis =
                  Math.min(state.backoffMillis * 2, config.maxBackoff().toMillis());
            });
  }

  /** One more dial to a static peer whose connections all stalled (see {@link StallWatch}). */
  private boolean dialAnother(final PeerId peer) {
    final DialState state = dialStates.get(peer);
    if (!running || state == null || state.dialing) {
      return false;
    }
    state.dialing = true;
    dial(config.staticPeers().get(peer).withPeerId(peer))
        .whenComplete(
            (c, e) -> {
              state.dialing = false;
              if (e != null) {
                LOG.debug("p2p extra dial to stalled {} failed: {}", peer, e.toString());
              }
            });
    return true;
  }

  /** The innermost cause of a failed dial, as one short line. */
  private static String dialError(final Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null
        && (cause instanceof java.util.concurrent.CompletionException
            || cause.getMessage() == null)) {
      cause = cause.getCause();
    }
    final String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /**
   * Pings every connection (one ping in flight per connection) to measure RTT and to keep traffic
   * flowing; a connection that receives nothing for the idle timeout is closed by the idle handler,
   * so a slow ping under load never drops a live connection.
   */
  private void keepAlive() {
    final Duration timeout = config.limits().idleTimeout();
    connections
        .values()
        .forEach(
            list ->
                list.forEach(
                    c -> {
                      if (c.isOpen() && c.startPing()) {
                        ping(c, timeout).whenComplete((rtt, e) -> c.endPing());
                      }
                    }));
  }

  private IdentifyMessage identifyFor(final P2PStream stream) {
    final Optional<Multiaddr> observed =
        connection(stream.remotePeer()).map(Connection::remoteAddress);
    final List<Multiaddr> addrs = new ArrayList<>(boundAddresses);
    return new IdentifyMessage(
        "ipfs/0.1.0",
        config.agentVersion(),
        config.nodeKey().publicKey().toProtobuf(),
        addrs,
        observed,
        new ArrayList<>(new TreeSet<>(handlers.keySet())));
  }

  private String shortId() {
    final String s = localPeer.toBase58();
    return s.substring(Math.max(0, s.length() - 6));
  }

  @Override
  public String toString() {
    return "P2PNetwork[" + localPeer + "]";
  }
}
