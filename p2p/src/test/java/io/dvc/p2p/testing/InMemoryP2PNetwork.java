package io.dvc.p2p.testing;

import io.dvc.p2p.PeerId;
import io.dvc.p2p.messaging.Messaging;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * A lossy in-process network of {@link Messaging} nodes for tests of the layers above p2p:
 * deliveries run on an injected executor (use a direct or a single-threaded one for determinism),
 * and a seeded random source drops messages with a configurable probability. Peers can be
 * disconnected (both directions) and reconnected. Requests that are dropped, or whose handler never
 * answers, time out through the injected {@link Timer}.
 */
public final class InMemoryP2PNetwork {
  /** Schedules request timeouts; tests pass a fake clock's scheduler or a real one. */
  @FunctionalInterface
  public interface Timer {
    void schedule(Runnable task, Duration delay);
  }

  private final Executor executor;
  private final Timer timer;
  private final Random random;
  private final Map<PeerId, Node> nodes = new ConcurrentHashMap<>();
  private final Set<PeerId> disconnected = ConcurrentHashMap.newKeySet();
  private volatile double dropProbability;

  public InMemoryP2PNetwork(final Executor executor, final Timer timer, final long seed) {
    this.executor = executor;
    this.timer = timer;
    this.random = new Random(seed);
  }

  /** Adds a node (or returns the existing one). */
  public Messaging node(final PeerId peer) {
    return nodes.computeIfAbsent(peer, Node::new);
  }

  /** Each message and request is lost with this probability (0 by default). */
  public void setDropProbability(final double probability) {
    this.dropProbability = probability;
  }

  /** Cuts {@code peer} off from every other node until {@link #reconnect}. */
  public void disconnect(final PeerId peer) {
    disconnected.add(peer);
  }

  public void reconnect(final PeerId peer) {
    disconnected.remove(peer);
  }

  private boolean linked(final PeerId a, final PeerId b) {
    return !a.equals(b)
        && nodes.containsKey(b)
        && !disconnected.contains(a)
        && !disconnected.contains(b);
  }

  private boolean dropped() {
    final double p = dropProbability;
    if (p <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < p;
    }
  }

  private final class Node implements Messaging {
    private final PeerId self;
    private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();
    private final Map<String, RequestHandler> requestHandlers = new ConcurrentHashMap<>();

    Node(final PeerId self) {
      this.self = self;
    }

    @Override
    public PeerId localPeer() {
      return self;
    }

    @Override
    public Set<PeerId> connectedPeers() {
      final Set<PeerId> out = new TreeSet<>();
      nodes.keySet().stream().filter(p -> linked(self, p)).forEach(out::add);
      return Set.copyOf(out);
    }

    @Override
    public void registerHandler(final String protocol, final MessageHandler handler) {
      handlers.put(protocol, handler);
    }

    @Override
    public void registerRequestHandler(final String protocol, final RequestHandler handler) {
      requestHandlers.put(protocol, handler);
    }

    @Override
    public CompletableFuture<Void> send(
        final PeerId peer, final String protocol, final byte[] message) {
      if (!linked(self, peer)) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("not connected to " + peer));
      }
      final byte[] copy = message.clone();
      if (!dropped()) {
        final Node target = nodes.get(peer);
        executor.execute(
            () -> {
              final MessageHandler h = target.handlers.get(protocol);
              if (h != null) {
                h.onMessage(self, copy);
              }
            });
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public Map<PeerId, CompletableFuture<Void>> broadcast(
        final String protocol, final byte[] message) {
      final Map<PeerId, CompletableFuture<Void>> out = new LinkedHashMap<>();
      connectedPeers().forEach(p -> out.put(p, send(p, protocol, message)));
      return out;
    }

    @Override
    public CompletableFuture<byte[]> request(
        final PeerId peer, final String protocol, final byte[] request, final Duration timeout) {
      if (!linked(self, peer)) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("not connected to " + peer));
      }
      final CompletableFuture<byte[]> response = new CompletableFuture<>();
      timer.schedule(
          () ->
              response.completeExceptionally(
                  new TimeoutException(protocol + ": no response from " + peer)),
          timeout);
      if (dropped()) {
        return response;
      }
      final byte[] copy = request.clone();
      final Node target = nodes.get(peer);
      executor.execute(
          () -> {
            final RequestHandler h = target.requestHandlers.get(protocol);
            if (h == null) {
              response.completeExceptionally(
                  new IllegalStateException(peer + " does not serve " + protocol));
              return;
            }
            h.onRequest(self, copy)
                .whenComplete(
                    (r, e) -> {
                      if (e != null) {
                        response.completeExceptionally(e);
                      } else if (!dropped() && linked(self, peer)) {
                        executor.execute(() -> response.complete(r.clone()));
                      }
                    });
          });
      return response;
    }

    @Override
    public String toString() {
      return "InMemoryNode[" + self + "]";
    }
  }
}
