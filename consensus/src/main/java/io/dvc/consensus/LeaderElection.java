package io.dvc.consensus;

import java.util.List;

/** Chooses the leader (proposer) of a round. */
@FunctionalInterface
public interface LeaderElection {
  /**
   * The operator index leading the round.
   *
   * @param members operator indices, sorted ascending
   */
  int leader(InstanceId instance, int round, List<Integer> members);

  /**
   * The default: member number (height mod slotsPerEpoch + height / slotsPerEpoch + round + duty
   * kind) mod n over the members sorted by index. Successive heights, rounds and duty kinds get
   * successive leaders, and the epoch term shifts every slot position by one operator per epoch, so
   * the same operator does not lead the same slot of every epoch.
   */
  static LeaderElection rotating(final int slotsPerEpoch) {
    if (slotsPerEpoch < 1) {
      throw new IllegalArgumentException("slotsPerEpoch must be >= 1, got " + slotsPerEpoch);
    }
    return (instance, round, members) -> {
      final long h = instance.height();
      final long position = (h % slotsPerEpoch) + (h / slotsPerEpoch) + round + instance.dutyKind();
      return members.get((int) Math.floorMod(position, (long) members.size()));
    };
  }
}
