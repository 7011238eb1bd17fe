package io.dvc.p2p.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.p2p.P2PNetwork;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.testing.Cluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ClusterMessagingTest {
  @org.junit.jupiter.api.AfterAll
  static void noBufferLeaks() throws InterruptedException {
    io.dvc.p2p.testing.LeakTracker.assertNoLeaks();
  }

  private static final String TOPIC = "/dvc/test/msg/1.0.0";
  private static final String REQ = "/dvc/test/req/1.0.0";
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private Cluster cluster;
  private ClusterMessaging a;
  private ClusterMessaging b;

  @BeforeEach
  void start() throws Exception {
    cluster = new Cluster(2);
    final P2PNetwork ha = cluster.create(0);
    final P2PNetwork hb = cluster.create(1);
    a = new ClusterMessaging(ha, 1024, Runnable::run, timer);
    b = new ClusterMessaging(hb, 1024, Runnable::run, timer);
    ha.start().join();
    hb.start().join();
    assertThat(cluster.awaitFullMesh(Duration.ofSeconds(20))).isTrue();
  }

  @AfterEach
  void stop() {
    cluster.stopAll();
    timer.shutdownNow();
  }

  @Test
  void messagesArriveInOrderWithTheirSender() throws Exception {
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<PeerId> senders = new CopyOnWriteArrayList<>();
    b.registerHandler(
        TOPIC,
        (from, m) -> {
          senders.add(from);
          received.add(new String(m, StandardCharsets.UTF_8));
        });
    CompletableFuture<Void> last = null;
    for (int i = 0; i < 100; i++) {
      last = a.send(cluster.peerId(1), TOPIC, ("m" + i).getBytes(StandardCharsets.UTF_8));
    }
    a.send(cluster.peerId(1), TOPIC, new byte[0]).get(10, TimeUnit.SECONDS);
    last.get(10, TimeUnit.SECONDS);
    while (received.size() < 101) {
      Thread.sleep(5);
    }
    for (int i = 0; i < 100; i++) {
      assertThat(received.get(i)).isEqualTo("m" + i);
    }
    assertThat(received.get(100)).isEmpty();
    assertThat(senders).containsOnly(cluster.peerId(0));
  }

  @Test
  void oversizedMessagesAreRejectedBeforeSending() {
    assertThatThrownBy(
            () -> a.send(cluster.peerId(1), TOPIC, new byte[1025]).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requestGetsItsResponse() throws Exception {
    b.registerRequestHandler(
        REQ,
        (from, r) ->
            CompletableFuture.completedFuture(
                ("re:"
                        + new String(r, StandardCharsets.UTF_8)
                        + ":"
                        + from.equals(cluster.peerId(0)))
                    .getBytes(StandardCharsets.UTF_8)));
    final byte[] response =
        a.request(
                cluster.peerId(1),
                REQ,
                "hi".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(10))
            .get(20, TimeUnit.SECONDS);
    assertThat(new String(response, StandardCharsets.UTF_8)).isEqualTo("re:hi:true");
  }

  @Test
  void requestTimesOutWhenNoResponseComes() {
    b.registerRequestHandler(REQ, (from, r) -> new CompletableFuture<>());
    assertThatThrownBy(
            () ->
                a.request(cluster.peerId(1), REQ, new byte[] {1}, Duration.ofMillis(200))
                    .get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TimeoutException.class);
  }

  @Test
  void requestForAnUnknownProtocolFails() {
    assertThatThrownBy(
            () ->
                a.request(
                        cluster.peerId(1),
                        "/dvc/none/1.0.0",
                        new byte[] {1},
                        Duration.ofSeconds(10))
                    .get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
  }
}
