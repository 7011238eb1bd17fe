package io.dvc.p2p.util;

/** Bytes from a peer that do not follow the wire format; the connection or stream is closed. */
public final class MalformedInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedInputException(final String message) {
    super(message, null, false, false);
  }
}
