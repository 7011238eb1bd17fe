package io.dvc.p2p.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.p2p.P2PNetwork;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.testing.Cluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Four hosts in a full mesh over loopback: bulk broadcast, then a host killed and restarted. */
@Timeout(180)
class ClusterMeshIT {
  @org.junit.jupiter.api.AfterAll
  static void noBufferLeaks() throws InterruptedException {
    io.dvc.p2p.testing.LeakTracker.assertNoLeaks();
  }

  private static final Logger LOG = LoggerFactory.getLogger(ClusterMeshIT.class);
  private static final String TOPIC = "/dvc/test/mesh/1.0.0";
  private static final int HOSTS = 4;
  private static final int MESSAGES = 10_000;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Cluster cluster = new Cluster(HOSTS);
  private final ClusterMessaging[] messaging = new ClusterMessaging[HOSTS];

  /** received[i] holds (sender index, sequence) pairs seen by host i, as longs. */
  private final List<Set<Long>> received = new ArrayList<>();

  private final AtomicInteger duplicates = new AtomicInteger();

  @AfterEach
  void stop() {
    cluster.stopAll();
    timer.shutdownNow();
  }

  private void startHost(final int i) {
    final P2PNetwork h = cluster.create(i);
    messaging[i] = new ClusterMessaging(h, 1 << 20, Runnable::run, timer);
    final Set<Long> seen = received.get(i);
    messaging[i].registerHandler(
        TOPIC,
        (from, m) -> {
          final ByteBuffer b = ByteBuffer.wrap(m);
          final int sender = b.getInt();
          final int seq = b.getInt();
          if (!from.equals(cluster.peerId(sender))) {
            throw new IllegalStateException(
                "message claims sender " + sender + " but came from " + from);
          }
          if (!seen.add(((long) sender << 32) | seq)) {
            duplicates.incrementAndGet();
          }
        });
    h.start().join();
  }

  private static byte[] message(final int sender, final int seq) {
    return ByteBuffer.allocate(8 + 56).putInt(sender).putInt(seq).array();
  }

  @Test
  void fullMeshBroadcastDeliversEveryMessageExactlyOnceAndSurvivesARestart() throws Exception {
    for (int i = 0; i < HOSTS; i++) {
      received.add(ConcurrentHashMap.newKeySet());
    }
    for (int i = 0; i < HOSTS; i++) {
      startHost(i);
    }
    assertThat(cluster.awaitFullMesh(Duration.ofSeconds(30))).as("full mesh").isTrue();

    final long start = System.nanoTime();
    final List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int seq = 0; seq < MESSAGES; seq++) {
      for (int i = 0; i < HOSTS; i++) {
        final var results = messaging[i].broadcast(TOPIC, message(i, seq));
        assertThat(results).hasSize(HOSTS - 1);
        sends.addAll(results.values());
      }
      if (seq % 1000 == 999) {
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        sends.clear();
      }
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    final int expected = (HOSTS - 1) * MESSAGES;
    awaitCounts(expected, Duration.ofSeconds(60));
    final double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info(
        "mesh: {} hosts broadcast {} messages each, {} deliveries in {} s",
        HOSTS,
        MESSAGES,
        HOSTS * expected,
        String.format("%.2f", seconds));
    for (int i = 0; i < HOSTS; i++) {
      assertThat(received.get(i)).as("host %d", i).hasSize(expected);
      for (int s = 0; s < HOSTS; s++) {
        if (s != i) {
          for (int seq = 0; seq < MESSAGES; seq++) {
            assertThat(received.get(i).contains(((long) s << 32) | seq)).isTrue();
          }
        }
      }
    }
    assertThat(duplicates).hasValue(0);

    // Kill host 3, restart it with the same key and port, and measure until messages flow again.
    final int victim = 3;
    cluster.host(victim).stop();
    final PeerId victimId = cluster.peerId(victim);
    while (cluster.host(0).connectedPeers().contains(victimId)) {
      Thread.sleep(5);
    }
    received.get(victim).clear();
    received.get(0).clear();
    final long restart = System.nanoTime();
    startHost(victim);
    int probe = MESSAGES;
    while (received.get(victim).isEmpty() || received.get(0).isEmpty()) {
      assertThat(System.nanoTime() - restart)
          .as("messages flow again within 10 s")
          .isLessThan(TimeUnit.SECONDS.toNanos(10));
      messaging[0].send(victimId, TOPIC, message(0, probe));
      messaging[victim].send(cluster.peerId(0), TOPIC, message(victim, probe));
      probe++;
      Thread.sleep(5);
    }
    final double recoveredMs = (System.nanoTime() - restart) / 1e6;
    LOG.info(
        "mesh: restarted host redialled, messages flowing both ways after {} ms",
        String.format("%.0f", recoveredMs));
    System.out.printf("RESTART_RECOVERY_MS=%.0f%n", recoveredMs);
    assertThat(recoveredMs).as("recovery after restart (ms)").isLessThan(2000);
    assertThat(cluster.awaitFullMesh(Duration.ofSeconds(10))).isTrue();
  }

  private void awaitCounts(final int expected, final Duration timeout) throws InterruptedException {
    final long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (int i = 0; i < HOSTS; i++) {
        all &= received.get(i).size() >= expected;
      }
      if (all) {
        return;
      }
      Thread.sleep(10);
    }
  }
}
