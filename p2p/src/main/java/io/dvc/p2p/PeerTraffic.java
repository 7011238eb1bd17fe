package io.dvc.p2p;

import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes on the wire to and from one peer, over all its connections since the host started: TCP
 * payload as written and read (Noise, yamux and multistream framing included), counted once the
 * peer is authenticated, with the bytes of its handshake added then.
 */
public final class PeerTraffic {
  private final LongAdder sent = new LongAdder();
  private final LongAdder received = new LongAdder();

  void addSent(final long bytes) {
    sent.add(bytes);
  }

  void addReceived(final long bytes) {
    received.add(bytes);
  }

  public long bytesSent() {
    return sent.sum();
  }

  public long bytesReceived() {
    return received.sum();
  }
}
