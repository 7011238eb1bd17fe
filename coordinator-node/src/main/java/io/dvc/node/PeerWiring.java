package io.dvc.node;

import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.Operator;
import io.dvc.node.metrics.NodeMetrics;
import io.dvc.node.pipeline.NodeEnvironment;
import io.dvc.p2p.P2PConfig;
import io.dvc.p2p.P2PNetwork;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.messaging.ClusterMessaging;
import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.p2p.util.LogRateLimiter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's libp2p configuration, and its messaging by operator index for the pipeline. */
final class PeerWiring {
  private static final Logger LOG = LoggerFactory.getLogger(PeerWiring.class);

  private PeerWiring() {}

  /** Bytes on the wire per peer, named by operator index (by peer id if not an operator). */
  static List<NodeMetrics.PeerBytes> trafficByOperator(
      final ClusterRuntime cluster, final P2PNetwork network) {
    return network.traffic().entrySet().stream()
        .map(
            e ->
                new NodeMetrics.PeerBytes(
                    cluster
                        .operatorOf(e.getKey())
                        .map(op -> Integer.toString(op.index()))
                        .orElse(e.getKey().toBase58()),
                    e.getValue().bytesSent(),
                    e.getValue().bytesReceived()))
        .toList();
  }

  /** Only the lock's operators may connect; the others' addresses are dialled. */
  static P2PConfig p2pConfig(final ClusterRuntime cluster, final NodeOptions options) {
    final Set<PeerId> allowed =
        cluster.operators().stream().map(Operator::peerId).collect(Collectors.toSet());
    final Map<PeerId, Multiaddr> peers = new HashMap<>();
    for (final Operator op : cluster.operators()) {
      if (op.index() == cluster.selfIndex()) {
        continue;
      }
      final Optional<Multiaddr> address =
          Optional.ofNullable(options.peerAddresses().get(op.index())).or(op::address);
      address.ifPresent(a -> peers.put(op.peerId(), a.withPeerId(op.peerId())));
    }
    return P2PConfig.defaults(cluster.nodeKey())
        .withListenAddresses(List.of(options.p2pListen()))
        .withAllowedPeers(allowed)
        .withStaticPeers(peers)
        .withPingInterval(PING_INTERVAL)
        .withStallTimeout(STALL_TIMEOUT);
  }

  /**
   * Pings every half second, and a connection whose ping is a second late counts as stalled: a lost
   * TCP segment holds everything behind it for a retransmission timeout that doubles with each
   * further loss (0.2, 0.6, 1.4, 3, 6.2 s ...), longer than a QBFT round. Sends then take another
   * connection, dialed at once, and the consensus and partial-signature messages of the last {@link
   * #RESEND_WINDOW} go again on it ({@link #resendOnStall}).
   */
  static final Duration PING_INTERVAL = Duration.ofMillis(500);

  static final Duration STALL_TIMEOUT = Duration.ofSeconds(1);
  static final Duration RESEND_WINDOW = Duration.ofSeconds(3);

  /**
   * A QBFT round is left at once when its leader is not connected, or when its ping has gone
   * unanswered this long while another operator's has not. Longer than {@link #STALL_TIMEOUT}: a
   * redial or a resend costs bytes, but a round left by some operators and not by others fails, so
   * a late ping under load (a start-up on busy cores) must not count here.
   */
  static final Duration LEADER_STALL_TIMEOUT = Duration.ofSeconds(3);

  /**
   * QBFT and partial-signature messages sent on a connection that stalls go again on another: both
   * protocols take a repeated message as a duplicate.
   */
  static void resendOnStall(final ClusterMessaging messaging) {
    messaging.resendOnStall(
        Set.of(io.dvc.node.pipeline.Pipeline.QBFT_PROTOCOL, io.dvc.node.pipeline.ParSigEx.PROTOCOL),
        RESEND_WINDOW);
  }

  /**
   * Whether a QBFT round led by an operator is worth waiting for: its leader is connected, and its
   * ping is not long overdue while another operator's is answered. When every peer looks stalled
   * the likelier cause is this node (starved of CPU, its own link down): leaving rounds then would
   * only split the cluster, so the round timers decide.
   */
  static boolean leaderReachable(
      final boolean connected, final boolean stalledLong, final boolean anotherAnswers) {
    return connected && !(stalledLong && anotherAnswers);
  }

  /** Messages by operator index over the cluster's authenticated streams. */
  static NodeEnvironment.PeerMessaging messaging(
      final ClusterRuntime cluster,
      final ClusterMessaging messaging,
      final java.util.function.IntConsumer onMessage) {
    final Map<Integer, Operator> operators = cluster.operatorsByIndex();
    final LogRateLimiter skipLog = LogRateLimiter.perSecond(1);
    return new NodeEnvironment.PeerMessaging() {
      @Override
      public void send(final int operator, final String protocol, final byte[] message) {
        final Operator op = operators.get(operator);
        if (op == null) {
          return;
        }
        messaging
            .send(op.peerId(), protocol, message)
            .exceptionally(
                error -> {
                  LOG.debug(
                      "{} send to operator {} failed: {}", protocol, operator, error.toString());
                  return null;
                });
      }

      @Override
      public boolean connected(final int operator) {
        final Operator op = operators.get(operator);
        final Set<PeerId> connected = messaging.connectedPeers();
        if (op == null || !connected.contains(op.peerId())) {
          return false;
        }
        final boolean stalledLong = messaging.stalled(op.peerId(), LEADER_STALL_TIMEOUT);
        final boolean anotherAnswers =
            stalledLong
                && operators.values().stream()
                    .filter(o -> o.index() != operator && o.index() != cluster.selfIndex())
                    .anyMatch(
                        o ->
                            connected.contains(o.peerId())
                                && !messaging.stalled(o.peerId(), LEADER_STALL_TIMEOUT));
        final boolean reachable = leaderReachable(true, stalledLong, anotherAnswers);
        if (!reachable) {
          skipLog
              .tryAcquire()
              .ifPresent(
                  dropped ->
                      LOG.info(
                          "operator {} has not answered a ping for {} ms while others do: leaving"
                              + " its QBFT rounds at once{}",
                          operator,
                          LEADER_STALL_TIMEOUT.toMillis(),
                          LogRateLimiter.suffix(dropped)));
        }
        return reachable;
      }

      @Override
      public void handle(final String protocol, final Handler handler) {
        messaging.registerHandler(
            protocol,
            (from, bytes) ->
                cluster
                    .operatorOf(from)
                    .ifPresent(
                        op -> {
                          onMessage.accept(op.index());
                          handler.onMessage(op.index(), bytes);
                        }));
      }
    };
  }
}
