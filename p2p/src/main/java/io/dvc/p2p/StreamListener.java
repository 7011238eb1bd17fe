package io.dvc.p2p;

import io.netty.buffer.ByteBuf;

/** Receives a stream's inbound data and end-of-stream events, on the connection's I/O thread. */
public interface StreamListener {
  /** {@code data} is released after this returns; retain it to keep it. */
  void onData(P2PStream stream, ByteBuf data);

  /** The peer half-closed (FIN): no more data will arrive. */
  default void onRemoteClose(final P2PStream stream) {}

  /** The stream was reset by either side or the connection closed. */
  default void onReset(final P2PStream stream) {}
}
