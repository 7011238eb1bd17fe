package io.dvc.consensus.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One seeded simulation scenario: cluster size, network behaviour, faults. Everything derives from
 * the seed, so the seed alone replays it.
 */
record Scenario(
    long seed,
    int n,
    long height,
    int dutyKind,
    long roundMillis,
    boolean increasingTimer,
    long gst,
    double dropBeforeGst,
    long maxDelayBeforeGst,
    long maxDelayAfterGst,
    double duplicate,
    double dropCommitsBeforeGst,
    List<Integer> partitionSide,
    long partitionHeal,
    Map<Integer, Byzantine> byzantine,
    Map<Integer, long[]> crashes,
    Map<Integer, Long> startAt,
    Map<Integer, Long> valueAt,
    Map<Integer, Long> skew) {

  /** Byzantine behaviours. */
  enum Byzantine {
    SILENT,
    EQUIVOCATOR,
    CONFLICTING_VOTER,
    FORGER,
    GARBAGE,
    REPLAYER,
    MIXED
  }

  static final int[] SIZES = {1, 4, 7, 10, 13};

  /** Crash time meaning "crash forever right after deciding". */
  static final long CRASH_ON_DECISION = -1;

  static Scenario generate(final long seed) {
    final SplittableRandom r = new SplittableRandom(seed);
    final int n = SIZES[(int) Math.floorMod(seed, (long) SIZES.length)];
    final int f = (n - 1) / 3;
    final long t = 1_000;
    final boolean increasing = r.nextInt(5) == 0;
    final boolean synchronous = r.nextInt(6) == 0;
    final long gst = synchronous ? 0 : r.nextLong(0, 8 * t);
    final double[] drops = {0, 0.05, 0.2, 0.5};
    final double drop = synchronous ? 0 : drops[r.nextInt(drops.length)];
    final long maxDelayPre = r.nextLong(t / 20, 2 * t);
    final double[] dups = {0, 0.05, 0.2};
    final double dup = dups[r.nextInt(dups.length)];
    final List<Integer> side = new ArrayList<>();
    long heal = 0;
    if (!synchronous && n > 1 && r.nextInt(10) < 3) {
      for (int i = 1; i <= n; i++) {
        if (r.nextBoolean()) {
          side.add(i);
        }
      }
      heal = r.nextLong(0, gst + 1);
    }
    final List<Integer> ops = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ops.add(i);
    }
    shuffle(ops, r);
    // "lock attack": an honest-looking operator decides and dies at once, so the others cannot
    // learn the decision from it, while equivocators try to get a different value decided
    final boolean lockAttack = !synchronous && f >= 2 && r.nextInt(4) == 0;
    final int faults = f == 0 ? 0 : lockAttack || r.nextBoolean() ? f : r.nextInt(f + 1);
    final double[] commitDrops = {0.3, 0.5, 0.7};
    final double dropCommits =
        lockAttack || (!synchronous && r.nextInt(3) == 0)
            ? commitDrops[r.nextInt(commitDrops.length)]
            : 0;
    final Map<Integer, Byzantine> byz = new TreeMap<>();
    final Map<Integer, long[]> crashes = new TreeMap<>();
    final Byzantine[] kinds = Byzantine.values();
    for (int i = 0; i < faults; i++) {
      final int op = ops.get(i);
      if (lockAttack) {
        if (i == 0) {
          crashes.put(op, new long[] {CRASH_ON_DECISION, -1});
        } else {
          byz.put(op, Byzantine.EQUIVOCATOR);
        }
      } else if (r.nextInt(4) == 0) {
        if (r.nextInt(3) == 0) {
          crashes.put(op, new long[] {CRASH_ON_DECISION, -1});
        } else {
          final long crashAt = r.nextLong(0, 4 * t);
          final long restartAt = r.nextBoolean() ? crashAt + r.nextLong(1, 4 * t) : -1;
          crashes.put(op, new long[] {crashAt, restartAt});
        }
      } else {
        byz.put(op, kinds[r.nextInt(kinds.length)]);
      }
    }
    final Map<Integer, Long> startAt = new TreeMap<>();
    final Map<Integer, Long> valueAt = new TreeMap<>();
    final Map<Integer, Long> skew = new TreeMap<>();
    for (int i = 1; i <= n; i++) {
      final long start = r.nextInt(10) == 0 ? r.nextLong(0, 3 * t) : r.nextLong(0, t / 10);
      startAt.put(i, start);
      valueAt.put(i, r.nextInt(5) == 0 ? start + r.nextLong(0, 2 * t) : start);
      // now and then a clock a few hundred ms behind (the skew the design tolerates; a skew near
      // a whole round defeats round timers anchored to the duty start)
      final long behind = r.nextInt(12) == 0 ? -r.nextLong(t / 5, t / 3) : 0;
      skew.put(i, behind + r.nextLong(-t / 50, t / 50 + 1));
    }
    return new Scenario(
        seed,
        n,
        r.nextLong(0, 1_000_000),
        r.nextInt(5),
        t,
        increasing,
        gst,
        lockAttack ? 0 : drop,
        lockAttack ? t / 10 : maxDelayPre,
        t / 20,
        dup,
        dropCommits,
        List.copyOf(side),
        heal,
        byz,
        crashes,
        startAt,
        valueAt,
        skew);
  }

  private static void shuffle(final List<Integer> list, final SplittableRandom r) {
    for (int i = list.size() - 1; i > 0; i--) {
      final int j = r.nextInt(i + 1);
      final Integer tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }

  int faulty() {
    return (n - 1) / 3;
  }

  boolean crashesForever(final int op) {
    final long[] c = crashes.get(op);
    return c != null && c[1] < 0;
  }

  /** A time by which every honest node must have decided. */
  long horizon() {
    long lastRestart = 0;
    for (long[] c : crashes.values()) {
      lastRestart = Math.max(lastRestart, c[1]);
    }
    long lastStart = 0;
    for (long s : valueAt.values()) {
      lastStart = Math.max(lastStart, s);
    }
    final long settled = Math.max(Math.max(gst, partitionHeal) + maxDelayBeforeGst, lastRestart);
    final long rounds = (long) (n + 6) * roundMillis * (increasingTimer ? 3 : 1);
    return Math.max(settled, lastStart) + rounds;
  }

  @Override
  public String toString() {
    final StringBuilder crashText = new StringBuilder();
    crashes.forEach(
        (op, c) ->
            crashText
                .append(op)
                .append("@")
                .append(c[0] == CRASH_ON_DECISION ? "decision" : c[0])
                .append(c[1] < 0 ? "(forever)" : "->" + c[1])
                .append(' '));
    return "Scenario{seed="
        + seed
        + " n="
        + n
        + " f="
        + faulty()
        + " instance=h"
        + height
        + "/d"
        + dutyKind
        + " T="
        + roundMillis
        + (increasingTimer ? " increasing" : " fixed")
        + " gst="
        + gst
        + " drop="
        + dropBeforeGst
        + " maxDelayPre="
        + maxDelayBeforeGst
        + " maxDelayPost="
        + maxDelayAfterGst
        + " dup="
        + duplicate
        + " dropCommits="
        + dropCommitsBeforeGst
        + " partition="
        + partitionSide
        + " heal="
        + partitionHeal
        + " byzantine="
        + byzantine
        + " crashes=["
        + crashText.toString().trim()
        + "] start="
        + startAt
        + " valueAt="
        + valueAt
        + " skew="
        + skew
        + "}";
  }
}
