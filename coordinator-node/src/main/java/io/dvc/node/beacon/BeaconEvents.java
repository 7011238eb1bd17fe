package io.dvc.node.beacon;

import java.util.function.Consumer;

/**
 * The event stream of the beacon nodes ({@code /eth/v1/events}, server-sent events with the topics
 * as repeated query parameters). Reconnects by itself; listeners are called on the stream's thread
 * and must hop onto their own.
 */
public interface BeaconEvents extends AutoCloseable {
  void onHead(Consumer<HeadEvent> listener);

  /** Called when a stream (re)connects to a node, e.g. to re-send prepare_beacon_proposer. */
  void onConnected(Consumer<String> listener);

  void start();

  @Override
  void close();
}
