package io.dvc.bls.keystore;

import java.util.Optional;

/**
 * Upper bounds on a keystore's key-derivation cost, checked before any work: a keystore is input,
 * and its parameters alone can ask for gigabytes of memory (scrypt n·r) or hours of CPU (pbkdf2 c).
 * The bounds admit every keystore that EIP-2335 tools write (scrypt n = 2^18, r = 8, p = 1: 256
 * MiB; pbkdf2 c = 2^18) and little more.
 */
public final class KdfLimits {
  /** Largest scrypt cost n. */
  public static final int MAX_SCRYPT_N = 1 << 20;

  /** Largest scrypt block size r. */
  public static final int MAX_SCRYPT_R = 32;

  /** Largest scrypt parallelism p (each unit repeats the whole memory-hard work). */
  public static final int MAX_SCRYPT_P = 16;

  /** Most memory scrypt may need: 128 · n · r bytes. */
  public static final long MAX_SCRYPT_MEMORY = 256L << 20;

  /** Largest pbkdf2 iteration count c (a few seconds here). */
  public static final int MAX_PBKDF2_C = 1 << 22;

  /** Largest derived key length in bytes. */
  public static final int MAX_DKLEN = 64;

  /** Largest salt in bytes. */
  public static final int MAX_SALT_BYTES = 1024;

  private KdfLimits() {}

  /** The reason, naming the field, when scrypt parameters are over a bound. */
  static Optional<String> checkScrypt(final int n, final int r, final int p) {
    if (n > MAX_SCRYPT_N) {
      return Optional.of(over("n", n, MAX_SCRYPT_N));
    }
    if (r > MAX_SCRYPT_R) {
      return Optional.of(over("r", r, MAX_SCRYPT_R));
    }
    if (p > MAX_SCRYPT_P) {
      return Optional.of(over("p", p, MAX_SCRYPT_P));
    }
    final long memory = 128L * n * r;
    if (memory > MAX_SCRYPT_MEMORY) {
      return Optional.of(
          "crypto.kdf.params.n and r need "
              + (memory >> 20)
              + " MiB of memory (128 * n * r), more than the limit of "
              + (MAX_SCRYPT_MEMORY >> 20)
              + " MiB");
    }
    return Optional.empty();
  }

  /** The reason, naming the field, when the pbkdf2 iteration count is over its bound. */
  static Optional<String> checkPbkdf2(final int c) {
    return c > MAX_PBKDF2_C ? Optional.of(over("c", c, MAX_PBKDF2_C)) : Optional.empty();
  }

  private static String over(final String field, final long value, final long max) {
    return "crypto.kdf.params." + field + " is " + value + ", more than the limit of " + max;
  }
}
