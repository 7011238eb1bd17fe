package io.dvc.spec.ssz;

import java.security.MessageDigest;

/**
 * SSZ merkleization over a flat chunk buffer: hashes level by level in place, pads with precomputed
 * zero-subtree hashes, and allocates nothing per tree node.
 */
public final class Merkleizer {
  /** ZERO_HASHES[d] is the root of a depth-d tree of zero chunks. */
  private static final int MAX_DEPTH = 64;

  private static final byte[] ZERO_HASHES = new byte[(MAX_DEPTH + 1) * 32];

  static {
    final MessageDigest digest = Sha256.digest();
    for (int depth = 1; depth <= MAX_DEPTH; depth++) {
      digest.update(ZERO_HASHES, (depth - 1) * 32, 32);
      digest.update(ZERO_HASHES, (depth - 1) * 32, 32);
      Sha256.finish(digest, ZERO_HASHES, depth * 32);
    }
  }

  private Merkleizer() {}

  /** Depth of a tree with room for {@code chunkLimit} chunks: ceil(log2(limit)). */
  public static int depthFor(final long chunkLimit) {
    return chunkLimit <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(chunkLimit - 1);
  }

  /**
   * merkleize(chunks, limit): {@code chunks} holds {@code count} 32-byte chunks from offset 0 (it
   * is overwritten). The root goes to {@code out[outOffset..outOffset+32)}.
   */
  public static void merkleize(
      final byte[] chunks,
      final int count,
      final long chunkLimit,
      final byte[] out,
      final int outOffset) {
    if (count > chunkLimit) {
      throw new SszException(count + " chunks exceed the limit of " + chunkLimit);
    }
    final int depth = depthFor(chunkLimit);
    if (count == 0) {
      System.arraycopy(ZERO_HASHES, depth * 32, out, outOffset, 32);
      return;
    }
    final MessageDigest digest = Sha256.digest();
    int width = count;
    for (int level = 0; level < depth; level++) {
      final int pairs = width >>> 1;
      for (int i = 0; i < pairs; i++) {
        Sha256.hashPair(digest, chunks, i * 64, chunks, i * 32);
      }
      if ((width & 1) == 1) {
        digest.update(chunks, (width - 1) * 32, 32);
        digest.update(ZERO_HASHES, level * 32, 32);
        Sha256.finish(digest, chunks, pairs * 32);
      }
      width = (width + 1) >>> 1;
    }
    System.arraycopy(chunks, 0, out, outOffset, 32);
  }

  /** Replaces the root at {@code root[offset..]} by mix_in_length(root, length). */
  public static void mixInLength(final byte[] root, final int offset, final long length) {
    final MessageDigest digest = Sha256.digest();
    digest.update(root, offset, 32);
    final byte[] lengthChunk = new byte[32];
    for (int i = 0; i < 8; i++) {
      lengthChunk[i] = (byte) (length >>> (8 * i));
    }
    digest.update(lengthChunk);
    Sha256.finish(digest, root, offset);
  }

  /** hash(a || b) of two 32-byte values. */
  public static byte[] hash(final byte[] left, final byte[] right) {
    final MessageDigest digest = Sha256.digest();
    digest.update(left, 0, 32);
    digest.update(right, 0, 32);
    return digest.digest();
  }

  /** A buffer for {@code count} chunks (at least one). */
  static byte[] chunkBuffer(final int count) {
    return new byte[Math.max(count, 1) * 32];
  }
}
