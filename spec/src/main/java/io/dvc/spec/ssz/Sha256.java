package io.dvc.spec.ssz;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** JDK SHA-256 with one reusable {@link MessageDigest} per thread. */
public final class Sha256 {
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (final NoSuchAlgorithmException e) {
              throw new IllegalStateException("the JDK has no SHA-256", e);
            }
          });

  private Sha256() {}

  /** The digest object of this thread (reset). */
  static MessageDigest digest() {
    final MessageDigest digest = DIGEST.get();
    digest.reset();
    return digest;
  }

  public static byte[] hash(final byte[] data) {
    return digest().digest(data);
  }

  /** Hashes 64 bytes at {@code in[inOffset..]} and writes 32 bytes at {@code out[outOffset..]}. */
  static void hashPair(
      final MessageDigest digest,
      final byte[] in,
      final int inOffset,
      final byte[] out,
      final int outOffset) {
    digest.update(in, inOffset, 64);
    finish(digest, out, outOffset);
  }

  /** Writes the digest of what was updated so far to {@code out[outOffset..]}. */
  static void finish(final MessageDigest digest, final byte[] out, final int outOffset) {
    try {
      digest.digest(out, outOffset, 32);
    } catch (final DigestException e) {
      throw new IllegalStateException("SHA-256 output does not fit", e);
    }
  }
}
