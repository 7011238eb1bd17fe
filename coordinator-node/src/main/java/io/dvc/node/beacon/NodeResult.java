package io.dvc.node.beacon;

import java.util.Optional;

/**
 * One beacon node's result for a request: a value or an error message (escaped, naming the node and
 * the endpoint), and how long it took.
 */
public record NodeResult<T>(String node, Optional<T> value, Optional<String> error, long nanos) {
  public static <T> NodeResult<T> ok(final String node, final T value, final long nanos) {
    return new NodeResult<>(node, Optional.of(value), Optional.empty(), nanos);
  }

  public static <T> NodeResult<T> failed(final String node, final String error, final long nanos) {
    return new NodeResult<>(node, Optional.empty(), Optional.of(error), nanos);
  }
}
