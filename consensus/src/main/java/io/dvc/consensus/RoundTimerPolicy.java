package io.dvc.consensus;

/**
 * When each round ends, anchored to the instance start so that all operators change rounds at the
 * same moments whatever happened before. Rounds are numbered from 1.
 */
public interface RoundTimerPolicy {
  /** The time (ms) at which the round ends; strictly increasing in the round. */
  long roundEnd(long startMillis, int round);

  /** The round in progress at {@code nowMillis}: the smallest round r >= 1 with end(r) > now. */
  default int roundAt(final long startMillis, final long nowMillis, final int maxRound) {
    int round = 1;
    while (round < maxRound && roundEnd(startMillis, round) <= nowMillis) {
      round++;
    }
    return round;
  }

  /** Round r ends at start + r * T. */
  static RoundTimerPolicy fixed(final long roundMillis) {
    if (roundMillis < 1) {
      throw new IllegalArgumentException("round duration must be >= 1 ms, got " + roundMillis);
    }
    return (start, round) -> start + round * roundMillis;
  }

  /**
   * Round r lasts first + (r - 1) * increment, so round r ends at start + r * first + increment * r
   * * (r - 1) / 2.
   */
  static RoundTimerPolicy increasing(final long firstMillis, final long incrementMillis) {
    if (firstMillis < 1 || incrementMillis < 0) {
      throw new IllegalArgumentException(
          "increasing timer needs first >= 1 ms and increment >= 0 ms, got "
              + firstMillis
              + " and "
              + incrementMillis);
    }
    return (start, round) ->
        start + round * firstMillis + incrementMillis * ((long) round * (round - 1) / 2);
  }
}
