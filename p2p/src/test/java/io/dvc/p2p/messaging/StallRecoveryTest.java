package io.dvc.p2p.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.p2p.P2PConfig;
import io.dvc.p2p.P2PNetwork;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.p2p.testing.Cluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection that stops delivering (as TCP does behind a lost segment, for a retransmission
 * timeout that doubles with each loss) while staying open: host A reaches host B through a loopback
 * proxy whose existing connections can be frozen (bytes kept, nothing delivered), new ones pass.
 */
@Timeout(60)
class StallRecoveryTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String RESENT = "/dvc/test/resent/1.0.0";
  private static final String PLAIN = "/dvc/test/plain/1.0.0";
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final NodeKey keyA = NodeKey.generate(RANDOM);
  private final NodeKey keyB = NodeKey.generate(RANDOM);
  private final List<String> receivedByB = new CopyOnWriteArrayList<>();
  private P2PNetwork hostA;
  private P2PNetwork hostB;
  private ClusterMessaging a;
  private FreezingProxy proxy;

  @BeforeEach
  void start() throws Exception {
    final int portB = Cluster.freePort();
    proxy = new FreezingProxy(portB);
    final Set<PeerId> both = Set.of(keyA.peerId(), keyB.peerId());
    hostA =
        new P2PNetwork(
            P2PConfig.defaults(keyA)
                .withAllowedPeers(both)
                .withStaticPeers(
                    Map.of(
                        keyB.peerId(), Multiaddr.fromString("/ip4/127.0.0.1/tcp/" + proxy.port())))
                .withPingInterval(Duration.ofMillis(100))
                .withStallTimeout(Duration.ofMillis(300))
                .withIoThreads(1));
    hostB =
        new P2PNetwork(
            P2PConfig.defaults(keyB)
                .withListenAddresses(List.of(Multiaddr.fromString("/ip4/127.0.0.1/tcp/" + portB)))
                .withAllowedPeers(both)
                .withPingInterval(Duration.ofMillis(100))
                .withStallTimeout(Duration.ofMillis(300))
                .withIoThreads(1));
    a = new ClusterMessaging(hostA, 1024, Runnable::run, timer);
    a.resendOnStall(Set.of(RESENT), Duration.ofSeconds(3));
    final ClusterMessaging b = new ClusterMessaging(hostB, 1024, Runnable::run, timer);
    b.registerHandler(RESENT, (from, m) -> receivedByB.add(new String(m, StandardCharsets.UTF_8)));
    b.registerHandler(PLAIN, (from, m) -> receivedByB.add(new String(m, StandardCharsets.UTF_8)));
    hostB.start().join();
    hostA.start().join();
    await(() -> hostA.connection(keyB.peerId()).isPresent(), "A connected to B");
    send(RESENT, "before");
    await(() -> receivedByB.contains("before"), "the first message");
  }

  @AfterEach
  void stop() throws IOException {
    hostA.stop();
    hostB.stop();
    proxy.close();
    timer.shutdownNow();
  }

  @Test
  void aMessageCaughtInAStalledConnectionArrivesOverAFreshOne() throws Exception {
    proxy.freezeExisting();
    send(RESENT, "caught");

    await(() -> receivedByB.contains("caught"), "the message held by the frozen connection");
    assertThat(proxy.accepted()).as("a second connection was dialed").isGreaterThanOrEqualTo(2);
    assertThat(hostA.stalled(keyB.peerId())).isFalse();
  }

  @Test
  void messagesOfOtherProtocolsAreNotSentAgainButNewOnesTakeTheFreshConnection() throws Exception {
    proxy.freezeExisting();
    send(PLAIN, "caught");
    await(() -> proxy.accepted() >= 2 && !hostA.stalled(keyB.peerId()), "a fresh connection");
    send(PLAIN, "after");

    await(() -> receivedByB.contains("after"), "the message sent after the stall");
    // "before" (of the resent protocol, within the window) may arrive a second time
    assertThat(receivedByB).contains("after").doesNotContain("caught");
  }

  @Test
  void onceAPeerHoldsTwoConnectionsAMessageGoesOnBothSoOneStallingDoesNotHoldIt() throws Exception {
    proxy.freezeExisting();
    send(RESENT, "caught");
    await(() -> receivedByB.contains("caught"), "the message held by the frozen connection");
    proxy.thaw();
    await(
        () ->
            hostA
                .connection(keyB.peerId())
                .flatMap(c -> hostA.spareConnection(keyB.peerId(), c))
                .isPresent(),
        "two working connections");
    final long resentBefore = a.resent().getOrDefault(keyB.peerId(), 0L);

    proxy.freezeNewest();
    send(RESENT, "copied");

    await(() -> receivedByB.contains("copied"), "the message sent while the newest froze");
    assertThat(a.resent().getOrDefault(keyB.peerId(), 0L))
        .as("it came on the spare connection, not by a re-send after a stall")
        .isEqualTo(resentBefore);
  }

  private void send(final String protocol, final String text) {
    a.send(keyB.peerId(), protocol, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void await(final java.util.function.BooleanSupplier condition, final String what)
      throws InterruptedException {
    final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** Forwards loopback connections to a port; {@link #freezeExisting} holds those open now. */
  private static final class FreezingProxy implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<AtomicBoolean> frozen = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final int target;

    FreezingProxy(final int target) throws IOException {
      this.target = target;
      final Thread acceptor = new Thread(this::accept, "freezing-proxy");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    int accepted() {
      return frozen.size();
    }

    void freezeExisting() {
      frozen.forEach(f -> f.set(true));
    }

    void freezeNewest() {
      frozen.get(frozen.size() - 1).set(true);
    }

    void thaw() {
      frozen.forEach(f -> f.set(false));
    }

    private void accept() {
      try {
        while (true) {
          final Socket in = server.accept();
          final Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
          sockets.add(in);
          sockets.add(out);
          final AtomicBoolean freeze = new AtomicBoolean();
          frozen.add(freeze);
          pump(in, out, freeze);
          pump(out, in, freeze);
        }
      } catch (final IOException e) {
        // closed
      }
    }

    private static void pump(final Socket from, final Socket to, final AtomicBoolean freeze) {
      final Thread t =
          new Thread(
              () -> {
                final byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  int n;
                  while ((n = in.read(buffer)) >= 0) {
                    while (freeze.get() && !to.isClosed()) {
                      Thread.sleep(20);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                  }
                } catch (final IOException | InterruptedException e) {
                  // closed
                }
              });
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (final Socket s : sockets) {
        s.close();
      }
    }
  }
}
