package io.dvc.node.status;

import io.dvc.common.text.SafeText;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.Operator;
import io.dvc.p2p.ConnectionEvent;
import io.dvc.p2p.P2PNetwork;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.messaging.Messaging;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link PeerTracker} from the node's libp2p network (connections, dial failures, RTT) and
 * from {@code /dvc/peerinfo/1.0.0} (version, lock hash, clock), and logs the tracker's warnings,
 * one line each. {@link #register} before the network starts; {@link #poll} every few seconds.
 */
public final class PeerMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(PeerMonitor.class);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  private final ClusterRuntime cluster;
  private final PeerTracker tracker;
  private final PeerInfo self;
  private final LongSupplier clock;

  public PeerMonitor(
      final ClusterRuntime cluster,
      final PeerTracker tracker,
      final String version,
      final String lockHash,
      final LongSupplier clock) {
    this.cluster = cluster;
    this.tracker = tracker;
    this.self = new PeerInfo(version, lockHash, 0);
    this.clock = clock;
  }

  /** The peers of a cluster as the tracker names them. */
  public static List<PeerTracker.Peer> peers(
      final ClusterRuntime cluster, final List<String> operatorNames) {
    return cluster.operators().stream()
        .filter(op -> op.index() != cluster.selfIndex())
        .map(
            op ->
                new PeerTracker.Peer(
                    op.index(),
                    op.index() <= operatorNames.size()
                        ? operatorNames.get(op.index() - 1)
                        : "operator-" + op.index(),
                    op.peerId().toBase58(),
                    op.address().map(Object::toString)))
        .toList();
  }

  /** Answers peer-info requests and follows connection events. */
  public void register(final P2PNetwork network, final Messaging messaging) {
    messaging.registerRequestHandler(
        PeerInfo.PROTOCOL,
        (from, request) -> {
          index(from)
              .ifPresent(
                  i -> {
                    try {
                      tracker
                          .peerInfo(i, PeerInfo.decode(request), Optional.empty())
                          .forEach(this::warn);
                    } catch (final IllegalArgumentException e) {
                      LOG.debug("bad peer info from operator {}: {}", i, e.getMessage());
                    }
                  });
          return CompletableFuture.completedFuture(now().encode());
        });
    network.subscribe(event -> onEvent(network, event));
  }

  private void onEvent(final P2PNetwork network, final ConnectionEvent event) {
    final Optional<Integer> index = index(event.peer());
    if (index.isEmpty()) {
      return;
    }
    switch (event.type()) {
      case CONNECTED -> tracker.connected(index.get()).ifPresent(LOG::info);
      case DISCONNECTED -> {
        // Two connections to one peer can exist briefly: down only when none is left.
        if (network.connection(event.peer()).isEmpty()) {
          tracker.disconnected(index.get(), event.reason());
        }
      }
      case DIAL_FAILED ->
          tracker
              .dialFailed(
                  index.get(),
                  String.valueOf(event.remoteAddress()),
                  SafeText.escape(String.valueOf(event.reason())))
              .ifPresent(this::warn);
      default -> {}
    }
  }

  /** Records RTTs and asks every connected peer for its info. */
  public void poll(final P2PNetwork network, final Messaging messaging) {
    for (final PeerId peer : network.connectedPeers()) {
      final Optional<Integer> index = index(peer);
      if (index.isEmpty()) {
        continue;
      }
      tracker.connected(index.get()).ifPresent(LOG::info);
      network.rtt(peer).ifPresent(rtt -> tracker.rtt(index.get(), rtt.toMillis()));
      final long sent = clock.getAsLong();
      messaging
          .request(peer, PeerInfo.PROTOCOL, now().encode(), REQUEST_TIMEOUT)
          .whenComplete(
              (answer, error) -> {
                if (error != null) {
                  LOG.debug("peer info of operator {} failed: {}", index.get(), error.toString());
                  return;
                }
                try {
                  final long received = clock.getAsLong();
                  tracker
                      .peerInfo(
                          index.get(),
                          PeerInfo.decode(answer),
                          Optional.of(new long[] {sent, received}))
                      .forEach(this::warn);
                } catch (final IllegalArgumentException e) {
                  LOG.debug("bad peer info from operator {}: {}", index.get(), e.getMessage());
                }
              });
    }
  }

  /** Marks a message from a peer (any protocol). */
  public void messageFrom(final int operatorIndex) {
    tracker.messageReceived(operatorIndex);
  }

  /**
   * The start-up warning when peers cannot dial this node: the lock holds no address for it, or one
   * on another port than the node listens on.
   */
  public static Optional<String> ownAddressWarning(
      final ClusterRuntime cluster, final String selfName, final OptionalTcpPort listenPort) {
    final Operator self = cluster.operatorsByIndex().get(cluster.selfIndex());
    if (self.address().isEmpty()) {
      return Optional.of(
          "own external address unknown: the cluster lock has no address for operator '"
              + selfName
              + "', so peers cannot dial this node (it only connects by dialling them); put"
              + " NAME=PEER_ID@/ip4/PUBLIC_IP/tcp/PORT in the definition");
    }
    final Optional<Integer> lockPort = tcpPort(self.address().get().toString());
    if (lockPort.isPresent()
        && listenPort.port().isPresent()
        && listenPort.port().get() != 0
        && !lockPort.get().equals(listenPort.port().get())) {
      return Optional.of(
          "own external address "
              + self.address().get()
              + " (from the cluster lock) has port "
              + lockPort.get()
              + " but this node listens on port "
              + listenPort.port().get()
              + "; peers will not reach it unless a port forward maps one to the other");
    }
    return Optional.empty();
  }

  /** The TCP port of a listen address, if it has one. */
  public record OptionalTcpPort(Optional<Integer> port) {
    public static OptionalTcpPort of(final String multiaddr) {
      return new OptionalTcpPort(tcpPort(multiaddr));
    }
  }

  private static Optional<Integer> tcpPort(final String multiaddr) {
    final int at = multiaddr.indexOf("/tcp/");
    if (at < 0) {
      return Optional.empty();
    }
    final String rest = multiaddr.substring(at + 5);
    final int end = rest.indexOf('/');
    try {
      return Optional.of(Integer.parseInt(end < 0 ? rest : rest.substring(0, end)));
    } catch (final NumberFormatException e) {
      return Optional.empty();
    }
  }

  private PeerInfo now() {
    return new PeerInfo(self.version(), self.lockHash(), clock.getAsLong());
  }

  private Optional<Integer> index(final PeerId peer) {
    return cluster.operatorOf(peer).map(Operator::index).filter(i -> i != cluster.selfIndex());
  }

  private void warn(final String line) {
    LOG.warn("{}", line);
  }
}
