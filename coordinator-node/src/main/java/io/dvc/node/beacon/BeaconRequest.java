package io.dvc.node.beacon;

import java.util.List;
import java.util.Optional;

/**
 * One Beacon-API endpoint call: a typed request that knows its HTTP form and how to read (and
 * validate) an answer. There is one small class per endpoint; duty code only ever sees the typed
 * result, never JSON. The failover policy ({@link BeaconClient}) is written once for all of them.
 *
 * @param <T> the typed result
 */
public interface BeaconRequest<T> {

  /** Reads (first good answer wins) or writes (sent to every beacon node). */
  enum Kind {
    READ,
    WRITE
  }

  Kind kind();

  /**
   * The route, for logs, metric labels and the remembered fallback, e.g. {@code
   * /eth/v1/validator/attestation_data}; requests with path parameters return the template ({@code
   * /eth/v1/validator/duties/proposer/{epoch}}).
   */
  default String endpoint() {
    return form().path();
  }

  HttpForm form();

  /**
   * Reads one node's answer (any status; {@link BeaconAnswer#requireSuccess} for the usual case).
   * Throws {@link BeaconApiException} when the answer is an error or fails validation (e.g.
   * attestation data for another slot): that counts as this node's failure, and a read then asks
   * the next node.
   */
  T read(BeaconAnswer answer);

  /**
   * The older form of this request, tried on the same node when this form answers 404 or 405 (for
   * beacon nodes of older versions). The client logs the fallback once per node and endpoint, and
   * remembers it.
   */
  default Optional<BeaconRequest<T>> olderForm() {
    return Optional.empty();
  }

  /** The largest answer body accepted; a larger answer is that node's failure. */
  default int maxAnswerBytes() {
    return 4 << 20;
  }

  /**
   * The result of a write from every node's result: by default the first success, and a failure
   * naming every node when none succeeded.
   */
  default T merge(final List<NodeResult<T>> results) {
    for (final NodeResult<T> result : results) {
      if (result.value().isPresent()) {
        return result.value().get();
      }
    }
    throw new BeaconApiException(
        "every beacon node refused "
            + endpoint()
            + ": "
            + String.join("; ", results.stream().map(r -> r.error().orElse(r.node())).toList()),
        -1);
  }
}
