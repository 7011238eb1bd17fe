package io.dvc.config.ceremony;

import io.dvc.bls.keystore.KdfParams;
import java.security.SecureRandom;

/** The key derivation function for share keystores. */
public enum KdfChoice {
  /** scrypt n=2^18, r=8, p=1: the EIP-2335 recommendation; use this for real keys. */
  SCRYPT,
  /** PBKDF2-HMAC-SHA256 with c=2^18. */
  PBKDF2,
  /**
   * INSECURE: PBKDF2 with c=2^4, 16384 times cheaper than {@link #PBKDF2}. Only for tests and local
   * testnets whose keys guard nothing.
   */
  INSECURE_FAST_PBKDF2;

  public static final int INSECURE_ITERATIONS = 1 << 4;

  KdfParams params(final SecureRandom random) {
    final byte[] salt = new byte[32];
    random.nextBytes(salt);
    return switch (this) {
      case SCRYPT -> new KdfParams.Scrypt(32, 1 << 18, 8, 1, salt);
      case PBKDF2 -> new KdfParams.Pbkdf2(32, 1 << 18, salt);
      case INSECURE_FAST_PBKDF2 -> new KdfParams.Pbkdf2(32, INSECURE_ITERATIONS, salt);
    };
  }
}
