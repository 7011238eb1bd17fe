package io.dvc.bls;

/** A BLS operation failed on invalid input or could not run; the message names the reason. */
public class BlsException extends RuntimeException {
  public BlsException(final String message) {
    super(message);
  }

  public BlsException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
