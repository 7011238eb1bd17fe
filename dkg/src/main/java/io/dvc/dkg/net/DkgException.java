package io.dvc.dkg.net;

/** A ceremony that did not complete: the message is one line naming the file, field or operator. */
public final class DkgException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DkgException(final String message) {
    super(message);
  }

  public DkgException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
