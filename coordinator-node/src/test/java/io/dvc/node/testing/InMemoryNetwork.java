package io.dvc.node.testing;

import io.dvc.node.pipeline.NodeEnvironment;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers QBFT and partial-signature bytes between the nodes of an in-process cluster, each
 * message on the receiving node's own workflow executor (FIFO per sender and receiver, as one
 * libp2p stream would). Operators can be silenced: everything to and from them is dropped, as if
 * they had crashed or were cut off.
 */
public final class InMemoryNetwork {

  /** What a node exposes to the network: its workflow thread and protocol handlers. */
  public interface Endpoint {
    Executor loop();

    void onMessage(String protocol, int fromOperator, byte[] bytes);
  }

  private final Map<Integer, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final Map<Integer, Map<String, NodeEnvironment.PeerMessaging.Handler>> endpointHandlers =
      new ConcurrentHashMap<>();
  private final Set<Integer> silent = ConcurrentHashMap.newKeySet();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  public void register(final int operator, final Endpoint endpoint) {
    endpoints.put(operator, endpoint);
  }

  /** Drops all traffic to and from these operators from now on. */
  public void silence(final Set<Integer> operators) {
    silent.addAll(operators);
  }

  /** Delivers traffic to and from these operators again. */
  public void restore(final Set<Integer> operators) {
    silent.removeAll(operators);
  }

  public boolean isSilent(final int operator) {
    return silent.contains(operator);
  }

  public long delivered() {
    return delivered.get();
  }

  public long dropped() {
    return dropped.get();
  }

  /** The messaging of one operator, for its pipeline's environment. */
  public NodeEnvironment.PeerMessaging messaging(final int self) {
    final Map<String, NodeEnvironment.PeerMessaging.Handler> handlers = new ConcurrentHashMap<>();
    return new NodeEnvironment.PeerMessaging() {
      @Override
      public void send(final int operator, final String protocol, final byte[] message) {
        final byte[] copy = message.clone();
        deliver(self, operator, endpoint -> endpoint.onMessage(protocol, self, copy));
      }

      @Override
      public void handle(final String protocol, final Handler handler) {
        handlers.put(protocol, handler);
        endpointHandlers.put(self, handlers);
      }
    };
  }

  /** Calls the receiving operator's handler of the protocol. */
  public void dispatch(final int to, final String protocol, final int from, final byte[] bytes) {
    final NodeEnvironment.PeerMessaging.Handler handler =
        endpointHandlers.getOrDefault(to, Map.of()).get(protocol);
    if (handler != null) {
      handler.onMessage(from, bytes);
    }
  }

  private void deliver(
      final int from, final int to, final java.util.function.Consumer<Endpoint> action) {
    final Endpoint endpoint = endpoints.get(to);
    if (endpoint == null || silent.contains(from) || silent.contains(to)) {
      dropped.incrementAndGet();
      return;
    }
    try {
      endpoint
          .loop()
          .execute(
              () -> {
                // a message in flight when its link was cut is lost as well
                if (silent.contains(from) || silent.contains(to)) {
                  dropped.incrementAndGet();
                  return;
                }
                delivered.incrementAndGet();
                action.accept(endpoint);
              });
    } catch (final RejectedExecutionException e) {
      dropped.incrementAndGet(); // the receiving node is shut down
    }
  }
}
