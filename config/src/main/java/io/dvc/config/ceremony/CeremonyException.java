package io.dvc.config.ceremony;

/** The ceremony was refused or failed; one line, nothing secret; nothing was left on disk. */
public final class CeremonyException extends RuntimeException {
  public CeremonyException(final String message) {
    super(message);
  }

  public CeremonyException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
