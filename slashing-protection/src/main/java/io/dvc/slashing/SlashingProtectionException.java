package io.dvc.slashing;

/** Slashing protection cannot do what was asked; the message names the database or input. */
public class SlashingProtectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SlashingProtectionException(final String message) {
    super(message);
  }

  public SlashingProtectionException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
