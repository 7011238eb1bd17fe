package io.dvc.beaconsim;

import java.util.Arrays;

/**
 * The beacon committees of one epoch, as the spec's get_beacon_committee computes them: the
 * shuffled active indices cut into {@code committeesPerSlot * SLOTS_PER_EPOCH} consecutive
 * committees, slot by slot (compute_committee).
 */
final class EpochCommittees {
  private final long epoch;
  private final long slotsPerEpoch;
  private final int committeesPerSlot;
  private final int[][] committees;
  private final CommitteeAssignment[] byValidator;

  EpochCommittees(
      final long epoch,
      final long slotsPerEpoch,
      final int committeesPerSlot,
      final int[] shuffled) {
    this.epoch = epoch;
    this.slotsPerEpoch = slotsPerEpoch;
    this.committeesPerSlot = committeesPerSlot;
    final int count = (int) (committeesPerSlot * slotsPerEpoch);
    final int n = shuffled.length;
    this.committees = new int[count][];
    this.byValidator = new CommitteeAssignment[n];
    for (int c = 0; c < count; c++) {
      final int start = (int) ((long) n * c / count);
      final int end = (int) ((long) n * (c + 1) / count);
      committees[c] = Arrays.copyOfRange(shuffled, start, end);
      final long slot = epoch * slotsPerEpoch + c / committeesPerSlot;
      for (int position = 0; position < committees[c].length; position++) {
        final int validator = committees[c][position];
        byValidator[validator] =
            new CommitteeAssignment(
                validator,
                slot,
                c % committeesPerSlot,
                committees[c].length,
                committeesPerSlot,
                position);
      }
    }
  }

  long epoch() {
    return epoch;
  }

  int committeesPerSlot() {
    return committeesPerSlot;
  }

  /** The members of committee {@code committeeIndex} at {@code slot} (a slot of this epoch). */
  int[] committee(final long slot, final int committeeIndex) {
    final int slotInEpoch = (int) (slot - epoch * slotsPerEpoch);
    return committees[slotInEpoch * committeesPerSlot + committeeIndex];
  }

  CommitteeAssignment assignment(final int validatorIndex) {
    return byValidator[validatorIndex];
  }
}
