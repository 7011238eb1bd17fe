package io.dvc.consensus.message;

/** A message that is not a canonical, in-limits QBFT encoding. The message names the reason. */
public final class WireFormatException extends Exception {
  public WireFormatException(final String message) {
    super(message);
  }
}
