package io.dvc.consensus.message;

/**
 * Size limits enforced before and while decoding.
 *
 * @param maxValueBytes largest value a message may carry
 * @param maxJustification largest number of signed payloads in each justification list
 * @param maxSignatureBytes largest signature
 */
public record WireLimits(int maxValueBytes, int maxJustification, int maxSignatureBytes) {
  /** Largest encoded payload: every field at its largest varint plus a 32-byte digest. */
  public static final int MAX_PAYLOAD_BYTES = 2 + 11 + 6 + 6 + 6 + 34 + 6;

  public static final WireLimits DEFAULT = new WireLimits(1 << 20, 256, 128);

  public WireLimits {
    if (maxValueBytes < 1 || maxJustification < 1 || maxSignatureBytes < 1) {
      throw new IllegalArgumentException("wire limits must be positive");
    }
  }

  /** Largest encoded message these limits allow. */
  public int maxMessageBytes() {
    final int signed = MAX_PAYLOAD_BYTES + maxSignatureBytes + 8;
    return signed + 6 + maxValueBytes + 6 + 3 * maxJustification * (signed + 4);
  }
}
