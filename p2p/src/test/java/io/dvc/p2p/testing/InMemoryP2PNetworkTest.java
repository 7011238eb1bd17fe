package io.dvc.p2p.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.messaging.Messaging;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class InMemoryP2PNetworkTest {
  private final List<Runnable> timers = new ArrayList<>();
  private final InMemoryP2PNetwork net =
      new InMemoryP2PNetwork(Runnable::run, (task, delay) -> timers.add(task), 42);
  private final PeerId a = NodeKey.generate(new SecureRandom()).peerId();
  private final PeerId b = NodeKey.generate(new SecureRandom()).peerId();

  @Test
  void deliversBroadcastsAndAnswersRequests() {
    final Messaging na = net.node(a);
    final Messaging nb = net.node(b);
    final List<String> got = new ArrayList<>();
    nb.registerHandler("/t", (from, m) -> got.add(from.equals(a) + ":" + new String(m)));
    nb.registerRequestHandler(
        "/r", (from, m) -> CompletableFuture.completedFuture(new byte[] {(byte) (m[0] + 1)}));
    assertThat(na.broadcast("/t", "hi".getBytes())).containsOnlyKeys(b);
    assertThat(got).containsExactly("true:hi");
    assertThat(na.request(b, "/r", new byte[] {1}, Duration.ofSeconds(1)).join())
        .containsExactly(2);
  }

  @Test
  void disconnectedPeersAreUnreachableAndDroppedRequestsTimeOut() {
    final Messaging na = net.node(a);
    final Messaging nb = net.node(b);
    nb.registerRequestHandler("/r", (from, m) -> CompletableFuture.completedFuture(m));
    net.disconnect(b);
    assertThat(na.connectedPeers()).isEmpty();
    assertThat(na.send(b, "/t", new byte[1])).isCompletedExceptionally();
    net.reconnect(b);
    net.setDropProbability(1.0);
    final CompletableFuture<byte[]> r = na.request(b, "/r", new byte[1], Duration.ofSeconds(1));
    assertThat(r).isNotDone();
    timers.forEach(Runnable::run);
    assertThat(r)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(TimeoutException.class);
  }
}
