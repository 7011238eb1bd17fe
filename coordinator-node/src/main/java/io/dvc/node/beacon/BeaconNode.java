package io.dvc.node.beacon;

import java.util.concurrent.CompletableFuture;

/**
 * One beacon node as a transport: sends an HTTP form and completes with the whole answer, read
 * within {@code maxAnswerBytes} and within one timeout over the whole exchange (headers and body).
 * Fails with {@link BeaconApiException} on transport errors, timeouts and oversized answers. The
 * HTTP implementation talks to a real beacon node; tests plug in an in-process one.
 */
public interface BeaconNode {
  /** The base URL, used in every message about this node. */
  String url();

  CompletableFuture<BeaconAnswer> exchange(HttpForm form, int maxAnswerBytes);
}
