package io.dvc.beaconsim;

import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * get_beacon_proposer_index of the consensus specs for a registry in which every validator is
 * active with the same effective balance: for each slot the seed is {@code hash(get_seed(epoch,
 * DOMAIN_BEACON_PROPOSER) + uint_to_bytes(slot))} and compute_proposer_index samples shuffled
 * candidates by effective balance. Before Electra one random byte per candidate against
 * MAX_EFFECTIVE_BALANCE; from Electra on (and in Fulu's proposer lookahead, which runs the same
 * function per slot) a 16-bit random value against MAX_EFFECTIVE_BALANCE_ELECTRA.
 */
final class ProposerSelection {
  private static final long MAX_RANDOM_BYTE = 255;
  private static final long MAX_RANDOM_VALUE = 65_535;

  /** Above this many validators the candidates are shuffled one by one, not as a whole list. */
  private static final int WHOLE_LIST_LIMIT = 32_768;

  private ProposerSelection() {}

  /** The per-slot seed: hash(epochSeed + uint_to_bytes(slot)). */
  static Bytes slotSeed(final Bytes epochSeed, final long slot) {
    final ByteBuffer buffer = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(epochSeed.toArray());
    buffer.putLong(slot);
    return Bytes.of(Sha256.hash(buffer.array()));
  }

  /**
   * compute_proposer_index over the indices {@code 0..validatorCount-1}, all with {@code
   * effectiveBalance}.
   *
   * @param electra the Electra form (16-bit random values, MAX_EFFECTIVE_BALANCE_ELECTRA)
   * @param maxEffectiveBalance MAX_EFFECTIVE_BALANCE before Electra, _ELECTRA from Electra on
   */
  static int computeProposerIndex(
      final int validatorCount,
      final Bytes seed,
      final int shuffleRounds,
      final boolean electra,
      final long effectiveBalance,
      final long maxEffectiveBalance) {
    return sampleByBalance(
        validatorCount, seed, shuffleRounds, electra, effectiveBalance, maxEffectiveBalance, 1)[0];
  }

  /**
   * The sampling loop that compute_proposer_index and get_next_sync_committee_indices share: walk
   * the shuffled candidates {@code i % n} (i = 0, 1, ...) and accept each with probability
   * effective_balance / max (one random byte per candidate before Electra, a 16-bit value from
   * Electra on), until {@code count} candidates are accepted (a candidate may repeat).
   */
  static int[] sampleByBalance(
      final int validatorCount,
      final Bytes seed,
      final int shuffleRounds,
      final boolean electra,
      final long effectiveBalance,
      final long maxEffectiveBalance,
      final int count) {
    if (validatorCount <= 0) {
      throw new IllegalArgumentException("no active validator");
    }
    final int[] shuffled =
        validatorCount <= WHOLE_LIST_LIMIT
            ? Shuffling.shuffledIndices(validatorCount, seed, shuffleRounds)
            : null;
    final byte[] seedBytes = seed.toArray();
    byte[] randomBytes = null;
    long randomBlock = -1;
    final int[] accepted = new int[count];
    int found = 0;
    for (long i = 0; ; i++) {
      final int position = (int) (i % validatorCount);
      final int candidate =
          shuffled != null
              ? shuffled[position]
              : Shuffling.shuffledIndex(position, validatorCount, seed, shuffleRounds);
      final long block = electra ? i / 16 : i / 32;
      if (block != randomBlock) {
        randomBytes = hashWithCounter(seedBytes, block);
        randomBlock = block;
      }
      final boolean take;
      if (electra) {
        final int offset = (int) (i % 16) * 2;
        final long randomValue =
            (randomBytes[offset] & 0xff) | (randomBytes[offset + 1] & 0xff) << 8;
        take = multiplyFits(effectiveBalance, MAX_RANDOM_VALUE, maxEffectiveBalance, randomValue);
      } else {
        final long randomByte = randomBytes[(int) (i % 32)] & 0xff;
        take = multiplyFits(effectiveBalance, MAX_RANDOM_BYTE, maxEffectiveBalance, randomByte);
      }
      if (take) {
        accepted[found++] = candidate;
        if (found == count) {
          return accepted;
        }
      }
    }
  }

  /** {@code a * b >= c * d}; balances below 2^46 Gwei and random values below 2^16 fit. */
  private static boolean multiplyFits(final long a, final long b, final long c, final long d) {
    return Math.multiplyExact(a, b) >= Math.multiplyExact(c, d);
  }

  private static byte[] hashWithCounter(final byte[] seed, final long counter) {
    final ByteBuffer buffer = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(seed);
    buffer.putLong(counter);
    return Sha256.hash(buffer.array());
  }
}
