package io.dvc.bls.keystore;

import io.dvc.common.text.SafeText;

/**
 * A keystore could not be read, decrypted or written. The message is one line naming the keystore
 * (file or source) and the cause; it never contains the password or key material. Text from the
 * keystore or its name is escaped (no control characters), so it cannot forge a second line.
 */
public final class KeystoreException extends RuntimeException {
  private final String source;

  public KeystoreException(final String source, final String cause) {
    super("keystore " + SafeText.escape(source) + ": " + SafeText.escape(cause));
    this.source = source;
  }

  public KeystoreException(final String source, final String cause, final Throwable throwable) {
    super("keystore " + SafeText.escape(source) + ": " + SafeText.escape(cause), throwable);
    this.source = source;
  }

  /** The file or source name the keystore came from. */
  public String source() {
    return source;
  }
}
