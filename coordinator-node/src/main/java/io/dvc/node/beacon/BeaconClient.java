package io.dvc.node.beacon;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Beacon API as duty code sees it: typed requests against the node's beacon nodes, with the
 * failover policy written once.
 *
 * <ul>
 *   <li>{@link BeaconRequest.Kind#READ}: the first good answer; an error, a timeout or an answer
 *       that fails the request's validation is that node's failure and the next node is asked; a
 *       node that is slow is hedged (the next node is asked after a short delay, whichever answers
 *       well first wins) and nodes that failed recently are asked last.
 *   <li>{@link BeaconRequest.Kind#WRITE}: sent to every node; the request merges the results.
 * </ul>
 *
 * Futures fail with {@link BeaconApiException}, whose message names the nodes and the reasons.
 */
public interface BeaconClient {

  <T> CompletableFuture<T> call(BeaconRequest<T> request);

  /**
   * Asks every node in parallel (a READ) and completes with every node's result once all have
   * answered, or {@code softDeadline} after the first good answer (slower ones are left out), for
   * choosing the best answer (block proposals). Fails only when no node answered well.
   */
  <T> CompletableFuture<List<NodeResult<T>>> callEach(
      BeaconRequest<T> request, Duration softDeadline);

  /** The base URLs of the nodes, in configured order. */
  List<String> nodes();
}
