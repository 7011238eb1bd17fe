package io.dvc.bls.keystore;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/** EIP-2335 password processing: NFKD, then drop C0, C1 and DEL control codes, then UTF-8. */
public final class KeystorePassword {
  private KeystorePassword() {}

  /** The bytes fed to the KDF for a password. */
  public static byte[] normalize(final String password) {
    final String nfkd = Normalizer.normalize(password, Normalizer.Form.NFKD);
    final StringBuilder kept = new StringBuilder(nfkd.length());
    nfkd.codePoints().filter(c -> !isControl(c)).forEach(kept::appendCodePoint);
    return kept.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isControl(final int codePoint) {
    return codePoint <= 0x1F || (codePoint >= 0x7F && codePoint <= 0x9F);
  }
}
