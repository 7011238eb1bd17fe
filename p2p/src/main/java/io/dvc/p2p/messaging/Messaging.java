package io.dvc.p2p.messaging;

import io.dvc.p2p.PeerId;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Cluster messaging as the coordinator node sees it: one-way messages, broadcast and
 * request/response between peers identified by {@link PeerId}. Implemented over libp2p by {@link
 * ClusterMessaging} and in memory (lossy, scriptable) by the test-jar's {@code
 * io.dvc.p2p.testing.InMemoryP2PNetwork}.
 */
public interface Messaging {
  /** Receives one-way messages. */
  @FunctionalInterface
  interface MessageHandler {
    void onMessage(PeerId from, byte[] message);
  }

  /** Answers requests. */
  @FunctionalInterface
  interface RequestHandler {
    CompletableFuture<byte[]> onRequest(PeerId from, byte[] request);
  }

  PeerId localPeer();

  /** Peers a message can be sent to right now. */
  Set<PeerId> connectedPeers();

  void registerHandler(String protocol, MessageHandler handler);

  void registerRequestHandler(String protocol, RequestHandler handler);

  /** Completes when the message left this node (not when it was handled). */
  CompletableFuture<Void> send(PeerId peer, String protocol, byte[] message);

  /** Sends to every connected peer; one future per peer. */
  Map<PeerId, CompletableFuture<Void>> broadcast(String protocol, byte[] message);

  /** One response, or a {@link java.util.concurrent.TimeoutException} after {@code timeout}. */
  CompletableFuture<byte[]> request(PeerId peer, String protocol, byte[] request, Duration timeout);
}
