package io.dvc.node.beacon.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * The answer to a pool submission: the positions in the submitted array that were rejected, each
 * with the beacon node's (escaped) message, from the Beacon API's 400 {@code failures} list. Empty
 * when every element was accepted.
 */
public record SubmitResult(Map<Integer, String> rejected) {
  public static final SubmitResult ACCEPTED = new SubmitResult(Map.of());

  public SubmitResult {
    rejected = Map.copyOf(new TreeMap<>(rejected));
  }

  public boolean isRejected(final int position) {
    return rejected.containsKey(position);
  }
}
