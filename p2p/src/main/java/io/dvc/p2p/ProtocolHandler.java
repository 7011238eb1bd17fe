package io.dvc.p2p;

/**
 * Serves one negotiable protocol: called on the I/O thread for each inbound stream that selected
 * it. Set a listener on the stream before returning to receive its data.
 */
@FunctionalInterface
public interface ProtocolHandler {
  void onStream(P2PStream stream);
}
