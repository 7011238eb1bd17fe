package io.dvc.node.beaconapi;

/** A beacon node request failed; the message names the node, the endpoint and the reason. */
public final class BeaconApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public BeaconApiException(final String message, final int status) {
    super(message);
    this.status = status;
  }

  public BeaconApiException(final String message, final Throwable cause) {
    super(message, cause);
    this.status = -1;
  }

  /** The HTTP status, or -1 when the request did not get an answer. */
  public int status() {
    return status;
  }
}
