package io.dvc.spec;

import io.dvc.spec.ssz.Sha256;

/**
 * Aggregator selection from a (combined) selection proof, as the validator guides define it: {@code
 * is_aggregator} (phase0) and {@code is_sync_committee_aggregator} (Altair). Both hash the 96-byte
 * signature and take the first 8 bytes as a little-endian uint64.
 */
public final class Selection {
  /** TARGET_AGGREGATORS_PER_COMMITTEE (phase0 validator guide). */
  public static final long TARGET_AGGREGATORS_PER_COMMITTEE = 16;

  /** TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE (Altair validator guide). */
  public static final long TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE = 16;

  private Selection() {}

  /**
   * is_aggregator: {@code bytes_to_uint64(hash(slot_signature)[0:8]) % max(1, len(committee) //
   * TARGET_AGGREGATORS_PER_COMMITTEE) == 0}.
   */
  public static boolean isAggregator(final long committeeLength, final byte[] slotSignature) {
    final long modulo = Math.max(1, committeeLength / TARGET_AGGREGATORS_PER_COMMITTEE);
    return Long.remainderUnsigned(hashPrefix(slotSignature), modulo) == 0;
  }

  /**
   * is_sync_committee_aggregator: {@code bytes_to_uint64(hash(signature)[0:8]) % max(1,
   * SYNC_COMMITTEE_SIZE // SYNC_COMMITTEE_SUBNET_COUNT // TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE)
   * == 0}.
   */
  public static boolean isSyncCommitteeAggregator(
      final Preset preset, final byte[] selectionProof) {
    final long modulo =
        Math.max(
            1,
            preset.syncCommitteeSize()
                / Preset.SYNC_COMMITTEE_SUBNET_COUNT
                / TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE);
    return Long.remainderUnsigned(hashPrefix(selectionProof), modulo) == 0;
  }

  private static long hashPrefix(final byte[] signature) {
    if (signature.length != 96) {
      throw new IllegalArgumentException("a selection proof is 96 bytes, not " + signature.length);
    }
    final byte[] hash = Sha256.hash(signature);
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (hash[i] & 0xFF);
    }
    return value;
  }
}
