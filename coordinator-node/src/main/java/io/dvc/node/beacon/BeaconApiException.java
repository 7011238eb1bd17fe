package io.dvc.node.beacon;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** A beacon node request failed; the message names the node, the endpoint and the reason. */
public final class BeaconApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final transient JsonNode errorBody;

  public BeaconApiException(final String message, final int status) {
    this(message, status, null);
  }

  /** An error answer whose body was JSON (kept for per-element failures). */
  public BeaconApiException(final String message, final int status, final JsonNode errorBody) {
    super(message);
    this.status = status;
    this.errorBody = errorBody;
  }

  public BeaconApiException(final String message, final Throwable cause) {
    super(message, cause);
    this.status = -1;
    this.errorBody = null;
  }

  /** The JSON body of the error answer, when there was one. */
  public Optional<JsonNode> errorBody() {
    return Optional.ofNullable(errorBody);
  }

  /** The HTTP status, or -1 when the request did not get an answer. */
  public int status() {
    return status;
  }
}
