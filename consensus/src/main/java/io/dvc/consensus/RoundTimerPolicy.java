package io.dvc.consensus;

/**
 * When each round ends, anchored to the instance start so that all operators change rounds at the
 * same moments whatever happened before. Rounds are numbered from 1.
 */
public interface RoundTimerPolicy {
  /** The time (ms) at which the round ends; strictly increasing in the round. */
  long roundEnd(long startMillis, int round);

  /**
   * The time (ms) at which the round ends once this operator accepted the round's proposal: by
   * default the round's end is unchanged.
   */
  default long roundEndOnceProposed(final long startMillis, final int round) {
    return roundEnd(startMillis, round);
  }

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

  /**
   * This policy, except that a round whose proposal this operator accepted lasts twice as long
   * (Charon's "eager double linear" timer does the same): a leader that is alive but slow, or whose
   * quorum is reached through a slow link, is not abandoned just before its round would decide,
   * which would cost a round change and a new proposal. Later rounds keep their anchored ends, so
   * operators that saw no proposal still change rounds together. Only liveness depends on timers.
   */
  default RoundTimerPolicy doubledOnceProposed() {
    final RoundTimerPolicy base = this;
    return new RoundTimerPolicy() {
      @Override
      public long roundEnd(final long startMillis, final int round) {
        return base.roundEnd(startMillis, round);
      }

      @Override
      public long roundEndOnceProposed(final long startMillis, final int round) {
        final long begin = round <= 1 ? startMillis : base.roundEnd(startMillis, round - 1);
        final long end = base.roundEnd(startMillis, round);
        return end + (end - begin);
      }
    };
  }
}
