package io.dvc.node.beacon;

import io.dvc.common.async.AsyncRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/** Builds the node's beacon client and event stream over HTTP. */
public final class BeaconClients {
  private BeaconClients() {}

  /** The failover client over one {@link HttpBeaconNode} per URL. */
  public static BeaconClient http(
      final List<String> urls,
      final Duration timeout,
      final HttpBeaconNode.LatencyListener latency,
      final Executor httpExecutor,
      final AsyncRunner runner) {
    final java.net.http.HttpClient client = HttpBeaconNode.httpClient(timeout, httpExecutor);
    final List<HttpBeaconNode> nodes =
        urls.stream()
            .map(url -> new HttpBeaconNode(url, client, timeout, latency, System::nanoTime))
            .toList();
    return new FailoverBeaconClient(
        nodes, runner, System::nanoTime, FailoverBeaconClient.Options.forTimeout(timeout));
  }

  /** Head events of the first beacon node (server-sent events), reconnecting after a pause. */
  public static BeaconEvents events(
      final List<String> urls,
      final Executor httpExecutor,
      final AsyncRunner runner,
      final Duration reconnectDelay) {
    return new HeadEventStream(
        urls.get(0), java.net.http.HttpClient.newHttpClient(), runner, reconnectDelay);
  }
}
