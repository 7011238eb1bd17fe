package io.dvc.dkg.bench;

import io.dvc.dkg.DkgOutcome;
import io.dvc.dkg.InMemoryCeremonyAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DKG time and bytes: every (n, validators) combination runs a whole ceremony in one JVM over the
 * in-memory transport (messages still encoded and decoded), all operators on one thread. Reports
 * the wall time of the whole ceremony (all n operators' work, serialized), the CPU time per
 * operator (mean and max; what one operator's machine spends), and the bytes each operator sends.
 *
 * <pre>
 * java -cp CLASSPATH io.dvc.dkg.bench.DkgBenchmark [--operators 4,7] [--validators 1,100,1000]
 *     [--repeats 2]
 * </pre>
 */
public final class DkgBenchmark {
  private DkgBenchmark() {}

  public static void main(final String[] args) {
    List<Integer> operators = List.of(4, 7);
    List<Integer> validators = List.of(1, 100, 1000);
    int repeats = 2;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--operators" -> operators = ints(args[i + 1]);
        case "--validators" -> validators = ints(args[i + 1]);
        case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    // warm-up: JIT and native loading
    InMemoryCeremonyAccess.run(4, 3, 20);
    System.out.println(
        "| n | t | validators | run | wall, whole ceremony (s) | CPU per operator, mean / max (s)"
            + " | bytes sent per operator | messages |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    for (final int n : operators) {
      final int t = (2 * n + 2) / 3;
      for (final int v : validators) {
        for (int r = 1; r <= repeats; r++) {
          final long start = System.nanoTime();
          final InMemoryCeremonyAccess.Run run = InMemoryCeremonyAccess.run(n, t, v);
          final double wall = (System.nanoTime() - start) / 1e9;
          for (final DkgOutcome o : run.outcomes().values()) {
            if (!(o instanceof DkgOutcome.Completed c)) {
              throw new IllegalStateException("ceremony did not complete: " + o);
            }
            c.destroy();
          }
          final double mean =
              run.cpuNanos().values().stream().mapToLong(Long::longValue).average().orElse(0) / 1e9;
          final double max =
              run.cpuNanos().values().stream().mapToLong(Long::longValue).max().orElse(0) / 1e9;
          final long bytes = run.bytesBySender().get(1);
          System.out.printf(
              Locale.ROOT,
              "| %d | %d | %,d | %d | %.2f | %.2f / %.2f | %,d | %d |%n",
              n,
              t,
              v,
              r,
              wall,
              mean,
              max,
              bytes,
              run.messages() / n);
        }
      }
    }
  }

  private static List<Integer> ints(final String text) {
    final List<Integer> out = new ArrayList<>();
    for (final String s : text.split(",")) {
      out.add(Integer.parseInt(s.trim()));
    }
    return out;
  }
}
