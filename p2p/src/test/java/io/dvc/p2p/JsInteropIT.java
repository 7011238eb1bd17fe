package io.dvc.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.p2p.protocol.IdentifyMessage;
import io.dvc.p2p.testing.EchoProtocol;
import io.dvc.p2p.testing.JsPeer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interoperability with js-libp2p 3.x (Noise, yamux, identify, ping): the js node runs as a child
 * process on 127.0.0.1; Maven's pre-integration-test phase installs it with npm.
 */
@Timeout(120)
class JsInteropIT {
  @org.junit.jupiter.api.AfterAll
  static void noBufferLeaks() throws InterruptedException {
    io.dvc.p2p.testing.LeakTracker.assertNoLeaks();
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration JS_TIMEOUT = Duration.ofSeconds(60);
  private final List<P2PNetwork> hosts = new ArrayList<>();
  private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void jsInstalled() {
    assertTrue(
        JsPeer.available(),
        "js-libp2p is not installed in "
            + JsPeer.jsDir()
            + " (run mvn verify, which runs npm install)");
  }

  @AfterEach
  void stopHosts() {
    hosts.forEach(P2PNetwork::stop);
  }

  private P2PNetwork host(final Set<PeerId> allowed) {
    final P2PNetwork h =
        new P2PNetwork(P2PConfig.defaults(NodeKey.generate(RANDOM)).withAllowedPeers(allowed));
    h.registerProtocol(EchoProtocol.PROTOCOL_ID, EchoProtocol.handler());
    h.subscribe(events::add);
    h.start().join();
    hosts.add(h);
    return h;
  }

  private static String dialAddress(final P2PNetwork h) {
    return h.listenAddresses().get(0).withPeerId(h.localPeerId()).toString();
  }

  @Test
  void jsDialsOurHostPingsIdentifiesAndEchoesOneMebibyte() throws Exception {
    final byte[] seed = JsPeer.randomSeed();
    final PeerId jsPeer = JsPeer.peerIdOfSeed(seed);
    final P2PNetwork ours = host(Set.of(jsPeer));
    final ObjectNode config = JsPeer.config("client", seed);
    config.put("target", dialAddress(ours));
    config.put("echoBytes", 1 << 20);
    try (JsPeer js = JsPeer.start(config)) {
      final JsonNode result = js.next(JS_TIMEOUT);
      assertThat(result.path("error").isMissingNode())
          .as("js error: %s", result.path("error"))
          .isTrue();
      assertThat(result.path("peerId").asText()).isEqualTo(jsPeer.toBase58());
      assertThat(result.path("pingMs").isNumber()).isTrue();
      final JsonNode id = result.path("identify");
      assertThat(id.path("peerId").asText()).isEqualTo(ours.localPeerId().toBase58());
      final List<String> protocols = new ArrayList<>();
      id.path("protocols").forEach(p -> protocols.add(p.asText()));
      assertThat(protocols)
          .contains("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", EchoProtocol.PROTOCOL_ID);
      assertThat(id.path("agentVersion").asText()).isEqualTo("dvc/0.1.0");
      assertThat(result.path("echoOk").asBoolean()).isTrue();
    }
    assertThat(events)
        .anyMatch(e -> e.type() == ConnectionEvent.Type.CONNECTED && e.peer().equals(jsPeer));
  }

  @Test
  void ourHostDialsJsPingsIdentifiesAndEchoesOneMebibyte() throws Exception {
    final byte[] seed = JsPeer.randomSeed();
    final PeerId jsPeer = JsPeer.peerIdOfSeed(seed);
    final P2PNetwork ours = host(Set.of(jsPeer));
    try (JsPeer js = JsPeer.start(JsPeer.config("serve", seed))) {
      final JsonNode ready = js.next(JS_TIMEOUT);
      assertThat(ready.path("peerId").asText()).isEqualTo(jsPeer.toBase58());
      final Multiaddr addr = Multiaddr.fromString(ready.path("addrs").get(0).asText());
      assertThat(addr.peerId()).contains(jsPeer);

      final Connection c = ours.dial(addr).get(30, TimeUnit.SECONDS);
      assertThat(c.remotePeer()).isEqualTo(jsPeer);

      final Duration rtt = ours.ping(jsPeer, Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
      assertThat(rtt).isPositive();

      final IdentifyMessage id = c.remoteIdentify().get(30, TimeUnit.SECONDS);
      assertThat(id.peerId()).isEqualTo(jsPeer);
      assertThat(id.protocols())
          .contains("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", EchoProtocol.PROTOCOL_ID);
      assertThat(id.agentVersion()).startsWith("js-libp2p/3.");
      assertThat(id.listenAddrs())
          .contains(Multiaddr.fromString(addr.toString().replaceAll("/p2p/.*", "")));

      final byte[] payload = new byte[1 << 20];
      RANDOM.nextBytes(payload);
      final P2PStream s = c.openStream(EchoProtocol.PROTOCOL_ID).get(30, TimeUnit.SECONDS);
      assertThat(EchoProtocol.roundTrip(s, payload).get(60, TimeUnit.SECONDS)).isEqualTo(payload);
    }
  }

  @Test
  void jsPeerOutsideTheAllowedSetIsRefused() throws Exception {
    final byte[] seed = JsPeer.randomSeed();
    final PeerId jsPeer = JsPeer.peerIdOfSeed(seed);
    final P2PNetwork ours = host(Set.of(JsPeer.peerIdOfSeed(JsPeer.randomSeed())));
    final ObjectNode config = JsPeer.config("client", seed);
    config.put("target", dialAddress(ours));
    try (JsPeer js = JsPeer.start(config)) {
      final JsonNode result = js.next(JS_TIMEOUT);
      assertThat(result.path("error").asText()).isNotEmpty();
      assertThat(result.path("echoOk").asBoolean(false)).isFalse();
    }
    assertThat(events)
        .anyMatch(e -> e.type() == ConnectionEvent.Type.REFUSED && e.peer().equals(jsPeer));
    assertThat(events).noneMatch(e -> e.type() == ConnectionEvent.Type.CONNECTED);
    assertThat(ours.connectedPeers()).isEmpty();
  }
}
