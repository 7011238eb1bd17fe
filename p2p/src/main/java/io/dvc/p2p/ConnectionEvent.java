package io.dvc.p2p;

import io.dvc.p2p.multiaddr.Multiaddr;

/** Connection lifecycle events delivered to {@link P2PNetwork#subscribe} listeners. */
public record ConnectionEvent(Type type, PeerId peer, Multiaddr remoteAddress, String reason) {
  public enum Type {
    /** Upgraded (secure + muxed) and allowed by the gate. */
    CONNECTED,
    /** Closed, for any reason. */
    DISCONNECTED,
    /** Authenticated but outside the allowed set; closed right after the handshake. */
    REFUSED,
    /**
     * A dial of a static peer failed ({@code remoteAddress} is the address tried, {@code reason}
     * the error); it is retried with backoff.
     */
    DIAL_FAILED
  }
}
