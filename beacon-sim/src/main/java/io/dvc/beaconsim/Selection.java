package io.dvc.beaconsim;

import io.dvc.spec.Preset;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Sha256;

/**
 * Aggregator selection of the validator specs, evaluated on a (combined) selection proof:
 * is_aggregator for attestation committees and is_sync_committee_aggregator for sync subcommittees:
 * {@code bytes_to_uint64(hash(proof)[0:8]) % modulo == 0} (little-endian, unsigned).
 */
final class Selection {
  static final int TARGET_AGGREGATORS_PER_COMMITTEE = 16;
  static final int TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE = 16;

  private Selection() {}

  /** {@code max(1, committee_length // TARGET_AGGREGATORS_PER_COMMITTEE)}. */
  static long aggregatorModulo(final int committeeLength) {
    return Math.max(1, committeeLength / TARGET_AGGREGATORS_PER_COMMITTEE);
  }

  /** {@code max(1, SYNC_COMMITTEE_SIZE // SUBNET_COUNT // TARGET_AGGREGATORS_PER_SYNC_...)}. */
  static long syncAggregatorModulo(final Preset preset) {
    return Math.max(
        1,
        preset.syncCommitteeSize()
            / Preset.SYNC_COMMITTEE_SUBNET_COUNT
            / TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE);
  }

  static boolean isAggregator(final int committeeLength, final Bytes selectionProof) {
    return selected(selectionProof, aggregatorModulo(committeeLength));
  }

  static boolean isSyncCommitteeAggregator(final Preset preset, final Bytes selectionProof) {
    return selected(selectionProof, syncAggregatorModulo(preset));
  }

  private static boolean selected(final Bytes proof, final long modulo) {
    final byte[] hash = Sha256.hash(proof.toArray());
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = value << 8 | (hash[i] & 0xff);
    }
    return Long.remainderUnsigned(value, modulo) == 0;
  }
}
