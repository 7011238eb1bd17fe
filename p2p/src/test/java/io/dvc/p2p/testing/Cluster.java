package io.dvc.p2p.testing;

import io.dvc.p2p.P2PConfig;
import io.dvc.p2p.P2PNetwork;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A fixed set of loopback hosts that know each other (static peers + allowed set). */
public final class Cluster {
  private final List<NodeKey> keys = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final P2PNetwork[] hosts;

  public Cluster(final int size) {
    final SecureRandom random = new SecureRandom();
    for (int i = 0; i < size; i++) {
      keys.add(NodeKey.generate(random));
      ports.add(freePort());
    }
    hosts = new P2PNetwork[size];
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int size() {
    return hosts.length;
  }

  public PeerId peerId(final int i) {
    return keys.get(i).peerId();
  }

  public P2PConfig config(final int i) {
    final Map<PeerId, Multiaddr> statics = new HashMap<>();
    final Set<PeerId> allowed = new HashSet<>();
    for (int j = 0; j < hosts.length; j++) {
      allowed.add(peerId(j));
      if (j != i) {
        statics.put(peerId(j), address(j));
      }
    }
    return P2PConfig.defaults(keys.get(i))
        .withListenAddresses(List.of(address(i)))
        .withAllowedPeers(allowed)
        .withStaticPeers(statics)
        .withPingInterval(Duration.ofSeconds(2))
        .withIoThreads(1);
  }

  public Multiaddr address(final int i) {
    return Multiaddr.fromString("/ip4/127.0.0.1/tcp/" + ports.get(i));
  }

  /** Creates (but does not start) host {@code i}, replacing any previous instance. */
  public P2PNetwork create(final int i) {
    hosts[i] = new P2PNetwork(config(i));
    return hosts[i];
  }

  public P2PNetwork host(final int i) {
    return hosts[i];
  }

  public void stopAll() {
    for (final P2PNetwork h : hosts) {
      if (h != null) {
        h.stop();
      }
    }
  }

  /** Waits (polling) until every host is connected to all others; false after {@code timeout}. */
  public boolean awaitFullMesh(final Duration timeout) throws InterruptedException {
    final long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (final P2PNetwork h : hosts) {
        all &= h != null && h.connectedPeers().size() == hosts.length - 1;
      }
      if (all) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
