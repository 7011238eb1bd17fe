package io.dvc.bls.keystore;

/**
 * A keystore could not be read, decrypted or written. The message is one line naming the keystore
 * (file or source) and the cause; it never contains the password or key material.
 */
public final class KeystoreException extends RuntimeException {
  private final String source;

  public KeystoreException(final String source, final String cause) {
    super("keystore " + source + ": " + cause);
    this.source = source;
  }

  public KeystoreException(final String source, final String cause, final Throwable throwable) {
    super("keystore " + source + ": " + cause, throwable);
    this.source = source;
  }

  /** The file or source name the keystore came from. */
  public String source() {
    return source;
  }
}
