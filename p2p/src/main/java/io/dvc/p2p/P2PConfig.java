package io.dvc.p2p;

import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Host configuration.
 *
 * @param nodeKey our identity
 * @param listenAddresses where to listen ({@code /ip4/127.0.0.1/tcp/0} picks a free port)
 * @param allowedPeers the connection gate; empty allows every authenticated peer
 * @param staticPeers peers kept connected: dialled with backoff and redialled when lost
 * @param limits resource limits
 * @param pingInterval keep-alive and RTT measurement period (pings time out after the idle timeout)
 * @param minBackoff first redial delay
 * @param maxBackoff redial delay cap
 * @param agentVersion sent in identify
 * @param ioThreads Netty worker threads
 * @param stallTimeout how long a ping may go unanswered on an open connection before the connection
 *     counts as stalled (TCP holding everything behind a lost segment): sends then prefer another
 *     connection to the peer, and a static peer gets another one dialed; zero turns this off
 */
public record P2PConfig(
    NodeKey nodeKey,
    List<Multiaddr> listenAddresses,
    Set<PeerId> allowedPeers,
    Map<PeerId, Multiaddr> staticPeers,
    P2PLimits limits,
    Duration pingInterval,
    Duration minBackoff,
    Duration maxBackoff,
    String agentVersion,
    int ioThreads,
    Duration stallTimeout) {

  public P2PConfig {
    listenAddresses = List.copyOf(listenAddresses);
    allowedPeers = Set.copyOf(allowedPeers);
    staticPeers = Map.copyOf(staticPeers);
  }

  /** Defaults: loopback, any port, no gate, no static peers. */
  public static P2PConfig defaults(final NodeKey key) {
    return new P2PConfig(
        key,
        List.of(Multiaddr.fromString("/ip4/127.0.0.1/tcp/0")),
        Set.of(),
        Map.of(),
        P2PLimits.defaults(),
        Duration.ofSeconds(5),
        Duration.ofMillis(50),
        Duration.ofSeconds(1),
        "dvc/0.1.0",
        2,
        Duration.ZERO);
  }

  public P2PConfig withListenAddresses(final List<Multiaddr> addrs) {
    return new P2PConfig(
        nodeKey,
        addrs,
        allowedPeers,
        staticPeers,
        limits,
        pingInterval,
        minBackoff,
        maxBackoff,
        agentVersion,
        ioThreads,
        stallTimeout);
  }

  public P2PConfig withAllowedPeers(final Set<PeerId> peers) {
    return new P2PConfig(
        nodeKey,
        listenAddresses,
        peers,
        staticPeers,
        limits,
        pingInterval,
        minBackoff,
        maxBackoff,
        agentVersion,
        ioThreads,
        stallTimeout);
  }

  public P2PConfig withStaticPeers(final Map<PeerId, Multiaddr> peers) {
    return new P2PConfig(
        nodeKey,
        listenAddresses,
        allowedPeers,
        peers,
        limits,
        pingInterval,
        minBackoff,
        maxBackoff,
        agentVersion,
        ioThreads,
        stallTimeout);
  }

  public P2PConfig withLimits(final P2PLimits newLimits) {
    return new P2PConfig(
        nodeKey,
        listenAddresses,
        allowedPeers,
        staticPeers,
        newLimits,
        pingInterval,
        minBackoff,
        maxBackoff,
        agentVersion,
        ioThreads,
        stallTimeout);
  }

  public P2PConfig withPingInterval(final Duration interval) {
    return new P2PConfig(
        nodeKey,
        listenAddresses,
        allowedPeers,
        staticPeers,
        limits,
        interval,
        minBackoff,
        maxBackoff,
        agentVersion,
        ioThreads,
        stallTimeout);
  }

  public P2PConfig withIoThreads(final int threads) {
    return new P2PConfig(
        nodeKey,
        listenAddresses,
        allowedPeers,
        staticPeers,
        limits,
        pingInterval,
        minBackoff,
        maxBackoff,
        agentVersion,
        threads,
        stallTimeout);
  }

  public P2PConfig withStallTimeout(final Duration timeout) {
    return new P2PConfig(
        nodeKey,
        listenAddresses,
        allowedPeers,
        staticPeers,
        limits,
        pingInterval,
        minBackoff,
        maxBackoff,
        agentVersion,
        ioThreads,
        timeout);
  }
}
