package io.dvc.node.monitor;

import io.dvc.node.beacon.BeaconApiException;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.NodeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A beacon client answering typed requests from functions by request class (or failing). */
final class StubBeacon implements BeaconClient {
  private final Map<Class<?>, Function<BeaconRequest<?>, Object>> answers = new HashMap<>();
  final List<BeaconRequest<?>> asked = new ArrayList<>();

  <R extends BeaconRequest<?>> StubBeacon on(
      final Class<R> type, final Function<R, Object> answer) {
    answers.put(type, request -> answer.apply(type.cast(request)));
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <T> CompletableFuture<T> call(final BeaconRequest<T> request) {
    asked.add(request);
    final Function<BeaconRequest<?>, Object> answer = answers.get(request.getClass());
    if (answer == null) {
      return CompletableFuture.failedFuture(
          new BeaconApiException("stub: no answer for " + request.endpoint(), 404));
    }
    return CompletableFuture.completedFuture((T) answer.apply(request));
  }

  @Override
  public <T> CompletableFuture<List<NodeResult<T>>> callEach(
      final BeaconRequest<T> request, final Duration softDeadline) {
    return call(request).thenApply(value -> List.of(NodeResult.ok("http://bn", value, 1)));
  }

  @Override
  public List<String> nodes() {
    return List.of("http://bn");
  }
}
