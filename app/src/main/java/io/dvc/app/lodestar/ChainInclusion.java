package io.dvc.app.lodestar;

import io.dvc.app.lodestar.ChainProbe.BlockContent;
import io.dvc.app.lodestar.ChainProbe.Committee;
import io.dvc.app.lodestar.ChainProbe.IncludedAttestation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a chain's blocks include, per validator: whether its attestation of an epoch is in some
 * block (its committee seat's aggregation bit set in an attestation of its slot and committee), and
 * in how many of its sync-committee seats of the blocks seen its sync bit is set. Pure bookkeeping
 * of what {@link ChainProbe} read.
 */
final class ChainInclusion {
  /** A committee seat: slot, committee index and position in the committee. */
  private record Seat(long slot, int index, int position) {}

  /** Sync-committee seats of a validator in the blocks counted, and those with the bit set. */
  record SyncTally(int seats, int set) {
    double ratio() {
      return seats == 0 ? 0 : (double) set / seats;
    }
  }

  private final Map<Long, Map<Integer, Seat>> assignments = new TreeMap<>();
  private final Set<Seat> included = new HashSet<>();
  private final Map<Integer, int[]> sync = new TreeMap<>();
  private int blocks;

  /** Records the committees of an epoch (each validator's seat in it). */
  void committees(final long epoch, final List<Committee> committees) {
    final Map<Integer, Seat> seats = new HashMap<>();
    for (final Committee c : committees) {
      for (int position = 0; position < c.validators().size(); position++) {
        seats.put(c.validators().get(position), new Seat(c.slot(), c.index(), position));
      }
    }
    assignments.put(epoch, seats);
  }

  /**
   * Records a block's attestations, and (when {@code syncCommittee} is not null) its sync-aggregate
   * bits against the committee that signs in it.
   */
  void block(final BlockContent block, final List<Integer> syncCommittee) {
    for (final IncludedAttestation a : block.attestations()) {
      final int length = bitlistLength(a.aggregationBits());
      for (int position = 0; position < length; position++) {
        if (bit(a.aggregationBits(), position)) {
          included.add(new Seat(a.slot(), a.index(), position));
        }
      }
    }
    if (syncCommittee != null) {
      blocks++;
      for (int position = 0; position < syncCommittee.size(); position++) {
        final int[] tally = sync.computeIfAbsent(syncCommittee.get(position), v -> new int[2]);
        tally[0]++;
        if (bit(block.syncBits(), position)) {
          tally[1]++;
        }
      }
    }
  }

  /**
   * epoch -> the given validators whose attestation of that epoch no block seen included (a
   * validator without a seat in the epoch's committees counts as not included), for every epoch
   * whose committees were recorded in the range.
   */
  Map<Long, List<Integer>> notIncluded(
      final long fromEpoch, final long toEpoch, final List<Integer> validators) {
    final Map<Long, List<Integer>> result = new TreeMap<>();
    assignments.forEach(
        (epoch, seats) -> {
          if (epoch < fromEpoch || epoch > toEpoch) {
            return;
          }
          final List<Integer> missing = new ArrayList<>();
          for (final int v : validators) {
            final Seat seat = seats.get(v);
            if (seat == null || !included.contains(seat)) {
              missing.add(v);
            }
          }
          result.put(epoch, missing);
        });
    return result;
  }

  /** validator -> its sync-committee seats and set bits in the blocks counted. */
  Map<Integer, SyncTally> syncParticipation() {
    final Map<Integer, SyncTally> result = new TreeMap<>();
    sync.forEach((v, t) -> result.put(v, new SyncTally(t[0], t[1])));
    return result;
  }

  /** Blocks whose sync aggregate was counted. */
  int syncBlocks() {
    return blocks;
  }

  /** Bit {@code i} of an SSZ bitvector or bitlist (little-endian bit order within each byte). */
  static boolean bit(final byte[] bytes, final int i) {
    return i / 8 < bytes.length && ((bytes[i / 8] >> (i % 8)) & 1) == 1;
  }

  /** The length of an SSZ bitlist: the position of its delimiting (highest) set bit. */
  static int bitlistLength(final byte[] bytes) {
    for (int i = bytes.length * 8 - 1; i >= 0; i--) {
      if (bit(bytes, i)) {
        return i;
      }
    }
    return 0;
  }
}
