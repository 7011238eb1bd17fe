package io.dvc.node.beacon;

import io.dvc.common.async.AsyncRunner;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Builds the production Beacon-API client and event stream (node wiring). Tests build {@link
 * FailoverBeaconClient} from in-process {@link BeaconNode}s on manual time instead.
 */
public final class BeaconClients {
  /** Longest SSE line or event accepted (a head event is about 400 bytes). */
  public static final int MAX_EVENT_LINE_BYTES = 64 << 10;

  private BeaconClients() {}

  /**
   * Every URL as an {@link HttpBeaconNode} (one HTTP/1.1 client shared by them) behind one {@link
   * FailoverBeaconClient}: {@code timeout} over each whole exchange, hedge after a third of it (at
   * most 300 ms), failed nodes asked last for a minute.
   *
   * @param latency receives every exchange's duration (metrics)
   * @param httpExecutor runs the HTTP client's callbacks (and so the requests' {@code read})
   * @param runner the timers for hedging and soft deadlines
   */
  public static FailoverBeaconClient http(
      final List<String> urls,
      final Duration timeout,
      final HttpBeaconNode.LatencyListener latency,
      final Executor httpExecutor,
      final AsyncRunner runner) {
    final HttpClient client = HttpBeaconNode.httpClient(timeout, httpExecutor);
    final List<BeaconNode> nodes =
        urls.stream()
            .<BeaconNode>map(
                url -> new HttpBeaconNode(url, client, timeout, latency, System::nanoTime))
            .toList();
    return new FailoverBeaconClient(
        nodes, runner, System::nanoTime, FailoverBeaconClient.Options.forTimeout(timeout));
  }

  /**
   * The head-event stream over the same nodes ({@code /eth/v1/events?topics=head}): reconnects
   * after {@code reconnectDelay}, doubling up to 8 s (at least {@code reconnectDelay}) while it
   * fails; 10 s for the stream's response headers; a stream silent for 60 s is reconnected.
   */
  public static HttpBeaconEvents events(
      final List<String> urls,
      final Executor httpExecutor,
      final AsyncRunner runner,
      final Duration reconnectDelay) {
    final Duration connectTimeout = Duration.ofSeconds(10);
    final Duration maxDelay = Duration.ofSeconds(8);
    return new HttpBeaconEvents(
        urls,
        List.of("head"),
        HttpBeaconNode.httpClient(connectTimeout, httpExecutor),
        runner,
        reconnectDelay,
        reconnectDelay.compareTo(maxDelay) > 0 ? reconnectDelay : maxDelay,
        connectTimeout,
        Duration.ofSeconds(60),
        MAX_EVENT_LINE_BYTES);
  }
}
