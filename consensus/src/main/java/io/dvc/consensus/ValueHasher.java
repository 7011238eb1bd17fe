package io.dvc.consensus;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Hashes a value to its 32-byte digest. */
@FunctionalInterface
public interface ValueHasher {
  Digest hash(byte[] value);

  /** SHA-256 of the value bytes. */
  ValueHasher SHA256 = value -> Digest.of(Sha256.digest(value));

  /** A thread-confined SHA-256. */
  final class Sha256 {
    private static final ThreadLocal<MessageDigest> DIGEST =
        ThreadLocal.withInitial(
            () -> {
              try {
                return MessageDigest.getInstance("SHA-256");
              } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
              }
            });

    private Sha256() {}

    public static byte[] digest(final byte[] data) {
      return DIGEST.get().digest(data);
    }

    public static byte[] digest(final byte[] prefix, final byte[] data) {
      final MessageDigest md = DIGEST.get();
      md.update(prefix);
      return md.digest(data);
    }
  }
}
