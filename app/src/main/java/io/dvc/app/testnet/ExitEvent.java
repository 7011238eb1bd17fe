package io.dvc.app.testnet;

/**
 * A validator (its index) exited through {@code dvc exit} at a slot; parsed from {@code V@SLOT}.
 */
public record ExitEvent(long validator, long slot) {
  public static ExitEvent parse(final String text) {
    final int at = text.indexOf('@');
    if (at <= 0) {
      throw new IllegalArgumentException(
          "expected VALIDATOR@SLOT (for example 3@16), got '" + text + "'");
    }
    try {
      final ExitEvent event =
          new ExitEvent(
              Long.parseLong(text.substring(0, at)), Long.parseLong(text.substring(at + 1)));
      if (event.validator() < 0 || event.slot() < 0) {
        throw new NumberFormatException();
      }
      return event;
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected VALIDATOR@SLOT (for example 3@16), got '" + text + "'");
    }
  }
}
