package io.dvc.beaconsim;

/** A request the API refuses: the HTTP status and the message of the spec's error body. */
public final class ApiException extends RuntimeException {
  private final int status;

  public ApiException(final int status, final String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  static ApiException badRequest(final String message) {
    return new ApiException(400, message);
  }

  static ApiException notFound(final String message) {
    return new ApiException(404, message);
  }
}
