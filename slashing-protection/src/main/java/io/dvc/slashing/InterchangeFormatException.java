package io.dvc.slashing;

import io.dvc.common.text.SafeText;

/**
 * An interchange file was refused whole; the message names the file, the field (as a JSON path such
 * as {@code data[2].signed_attestations[0].target_epoch}) and the reason. Text from the file is
 * escaped (control characters as {@code \n}, {@code \x1b}, ...), so a hostile file cannot forge log
 * lines or drive the terminal.
 */
public class InterchangeFormatException extends SlashingProtectionException {
  private static final long serialVersionUID = 1L;

  public InterchangeFormatException(final String message) {
    super(SafeText.escape(message));
  }

  public InterchangeFormatException(final String message, final Throwable cause) {
    super(SafeText.escape(message), cause);
  }
}
