package io.dvc.slashing;

/**
 * An interchange file was refused whole; the message names the file, the field (as a JSON path such
 * as {@code data[2].signed_attestations[0].target_epoch}) and the reason.
 */
public class InterchangeFormatException extends SlashingProtectionException {
  private static final long serialVersionUID = 1L;

  public InterchangeFormatException(final String message) {
    super(message);
  }

  public InterchangeFormatException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
