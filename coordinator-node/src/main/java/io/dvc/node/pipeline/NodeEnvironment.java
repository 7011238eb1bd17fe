package io.dvc.node.pipeline;

import io.dvc.common.time.TimeProvider;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.metrics.NodeMetrics;
import java.util.concurrent.Executor;
import org.slf4j.Logger;

/**
 * Everything a node's pipeline takes from the outside world, injected: production, the start-up
 * rehearsal and the in-process test cluster build the same pipeline from different environments
 * (system clock and threads, or manual time and one queue).
 *
 * @param loop the single workflow thread that owns all duty state
 * @param timers runs tasks on the workflow thread at a time of {@code time}
 */
public record NodeEnvironment(
    TimeProvider time,
    Executor loop,
    Timers timers,
    PeerMessaging messaging,
    BeaconClient beacon,
    NodeMetrics metrics,
    Logger log) {

  /** Runs a task on the workflow thread once {@code time} reaches a moment. */
  @FunctionalInterface
  public interface Timers {
    void at(long millis, Runnable task);
  }

  /** Authenticated messages to and from the cluster's other operators, by operator index. */
  public interface PeerMessaging {
    void send(int operator, String protocol, byte[] message);

    /**
     * Whether this node holds a connection to the operator now that is not stalled (a round that
     * operator leads is then worth waiting for). Messaging that cannot tell answers true.
     */
    default boolean connected(final int operator) {
      return true;
    }

    /** Registers the handler of a protocol; it is called on the workflow thread. */
    void handle(String protocol, Handler handler);

    /** A received message from an authenticated operator. */
    @FunctionalInterface
    interface Handler {
      void onMessage(int fromOperator, byte[] message);
    }
  }
}
