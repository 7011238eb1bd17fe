package io.dvc.p2p;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * A negotiated, multiplexed stream to a peer. Thread safe; listener callbacks run on the
 * connection's I/O thread and must not block.
 */
public interface P2PStream {
  PeerId remotePeer();

  /** The protocol agreed by multistream-select. */
  String protocol();

  boolean isInitiator();

  /**
   * Sets the receiver of inbound data. Data that arrived before is delivered first. Flow control
   * credit is returned to the peer only once data has been delivered here.
   */
  void setListener(StreamListener listener);

  /**
   * Queues {@code data} (ownership passes to the stream). The future completes once all of it is
   * written to the connection, which is bounded by the peer's receive window: callers that wait for
   * it get backpressure.
   */
  CompletableFuture<Void> write(ByteBuf data);

  CompletableFuture<Void> write(byte[] data);

  /** Half-closes our side (yamux FIN); the peer may still send. */
  void closeWrite();

  /** Aborts both directions (yamux RST). */
  void reset();

  /** Completes when both sides closed or the stream was reset or the connection dropped. */
  CompletableFuture<Void> closeFuture();
}
