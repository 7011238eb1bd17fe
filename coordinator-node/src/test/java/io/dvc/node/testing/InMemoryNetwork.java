package io.dvc.node.testing;

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

  /** What a node exposes to the network. */
  public interface Endpoint {
    Executor loop();

    void onQbft(int fromOperator, byte[] bytes);

    void onPartialSignatures(int fromOperator, byte[] bytes);
  }

  private final Map<Integer, Endpoint> endpoints = new ConcurrentHashMap<>();
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

  public void sendQbft(final int from, final int to, final byte[] bytes) {
    deliver(from, to, endpoint -> endpoint.onQbft(from, bytes));
  }

  public void broadcastPartialSignatures(final int from, final byte[] bytes) {
    for (final int to : endpoints.keySet()) {
      if (to != from) {
        deliver(from, to, endpoint -> endpoint.onPartialSignatures(from, bytes.clone()));
      }
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
