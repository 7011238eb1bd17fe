package io.dvc.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.protocol.IdentifyMessage;
import io.dvc.p2p.testing.EchoProtocol;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class P2PNetworkTest {
  @org.junit.jupiter.api.AfterAll
  static void noBufferLeaks() throws InterruptedException {
    io.dvc.p2p.testing.LeakTracker.assertNoLeaks();
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private final List<P2PNetwork> hosts = new CopyOnWriteArrayList<>();

  private P2PNetwork host(final NodeKey key, final Set<PeerId> allowed) {
    final P2PNetwork h = new P2PNetwork(P2PConfig.defaults(key).withAllowedPeers(allowed));
    h.registerProtocol(EchoProtocol.PROTOCOL_ID, EchoProtocol.handler());
    h.start().join();
    hosts.add(h);
    return h;
  }

  @AfterEach
  void stop() {
    hosts.forEach(P2PNetwork::stop);
  }

  @Test
  void dialPingIdentifyAndEchoOneMebibyte() throws Exception {
    final NodeKey ka = NodeKey.generate(RANDOM);
    final NodeKey kb = NodeKey.generate(RANDOM);
    final P2PNetwork a = host(ka, Set.of());
    final P2PNetwork b = host(kb, Set.of());
    final Connection c =
        a.dial(b.listenAddresses().get(0).withPeerId(b.localPeerId())).get(10, TimeUnit.SECONDS);
    assertThat(c.remotePeer()).isEqualTo(b.localPeerId());

    final Duration rtt = a.ping(b.localPeerId(), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    assertThat(rtt).isPositive();
    assertThat(a.rtt(b.localPeerId())).contains(rtt);

    final IdentifyMessage id = c.remoteIdentify().get(10, TimeUnit.SECONDS);
    assertThat(id.peerId()).isEqualTo(b.localPeerId());
    assertThat(id.protocols())
        .contains("/ipfs/ping/1.0.0", "/ipfs/id/1.0.0", EchoProtocol.PROTOCOL_ID);
    assertThat(id.listenAddrs()).containsExactlyElementsOf(b.listenAddresses());

    final byte[] payload = new byte[1 << 20];
    RANDOM.nextBytes(payload);
    final P2PStream s = c.openStream(EchoProtocol.PROTOCOL_ID).get(10, TimeUnit.SECONDS);
    assertThat(EchoProtocol.roundTrip(s, payload).get(20, TimeUnit.SECONDS)).isEqualTo(payload);

    // the mebibyte went there and back: each host counted it on the wire, framing included
    final PeerTraffic aToB = a.traffic().get(b.localPeerId());
    assertThat(aToB.bytesSent()).isGreaterThan(payload.length);
    assertThat(aToB.bytesReceived()).isGreaterThan(payload.length);
    assertThat(aToB.bytesSent()).isLessThan(payload.length + (payload.length >> 4));
    final PeerTraffic bToA = b.traffic().get(a.localPeerId());
    assertThat(bToA.bytesSent()).isGreaterThan(payload.length);
    assertThat(a.traffic()).containsOnlyKeys(b.localPeerId());
  }

  @Test
  void aFailedDialOfAStaticPeerIsAnEventWithTheAddressTriedAndTheError() throws Exception {
    final PeerId absent = NodeKey.generate(RANDOM).peerId();
    final int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    final io.dvc.p2p.multiaddr.Multiaddr address =
        io.dvc.p2p.multiaddr.Multiaddr.fromString("/ip4/127.0.0.1/tcp/" + closedPort);
    final java.util.concurrent.CompletableFuture<ConnectionEvent> failed =
        new java.util.concurrent.CompletableFuture<>();
    final P2PNetwork h =
        new P2PNetwork(
            P2PConfig.defaults(NodeKey.generate(RANDOM))
                .withStaticPeers(java.util.Map.of(absent, address)));
    h.subscribe(
        e -> {
          if (e.type() == ConnectionEvent.Type.DIAL_FAILED) {
            failed.complete(e);
          }
        });
    hosts.add(h);
    h.start().join();

    final ConnectionEvent event = failed.get(30, TimeUnit.SECONDS);

    assertThat(event.peer()).isEqualTo(absent);
    assertThat(event.remoteAddress().toString()).startsWith(address.toString());
    assertThat(event.reason()).containsIgnoringCase("refused").doesNotContain("\n");
  }

  @Test
  void dialerRejectsAPeerThatIsNotTheExpectedOne() throws Exception {
    final P2PNetwork a = host(NodeKey.generate(RANDOM), Set.of());
    final P2PNetwork b = host(NodeKey.generate(RANDOM), Set.of());
    final PeerId someoneElse = NodeKey.generate(RANDOM).peerId();
    assertThatThrownBy(
            () ->
                a.dial(b.listenAddresses().get(0).withPeerId(someoneElse))
                    .get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("expected " + someoneElse);
  }

  @Test
  void gateRefusesPeersOutsideTheAllowedSet() throws Exception {
    final NodeKey ka = NodeKey.generate(RANDOM);
    final List<ConnectionEvent> eventsOfB = new CopyOnWriteArrayList<>();
    final P2PNetwork b = host(NodeKey.generate(RANDOM), Set.of(NodeKey.generate(RANDOM).peerId()));
    b.subscribe(eventsOfB::add);
    final P2PNetwork a = host(ka, Set.of());
    final var dial = a.dial(b.listenAddresses().get(0).withPeerId(b.localPeerId()));
    try {
      final Connection c = dial.get(10, TimeUnit.SECONDS);
      c.closeFuture().get(10, TimeUnit.SECONDS);
    } catch (final ExecutionException expected) {
      // refused before the muxer was ready
    }
    while (eventsOfB.isEmpty()) {
      Thread.sleep(10);
    }
    assertThat(eventsOfB)
        .extracting(ConnectionEvent::type)
        .containsOnly(ConnectionEvent.Type.REFUSED);
    assertThat(eventsOfB.get(0).peer()).isEqualTo(ka.peerId());
    assertThat(b.connectedPeers()).isEmpty();
  }
}
