package io.dvc.config.ceremony;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The t-subsets of {1..n}: all of them when there are at most {@code max}, else a random sample.
 */
final class Subsets {
  private Subsets() {}

  static List<List<Integer>> of(
      final int n, final int t, final int max, final SecureRandom random) {
    if (binomial(n, t) <= max) {
      final List<List<Integer>> all = new ArrayList<>();
      enumerate(1, n, t, new ArrayList<>(), all);
      return all;
    }
    final Set<List<Integer>> sample = new LinkedHashSet<>();
    final List<Integer> indices = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      indices.add(i);
    }
    while (sample.size() < max) {
      Collections.shuffle(indices, random);
      final List<Integer> subset = new ArrayList<>(indices.subList(0, t));
      Collections.sort(subset);
      sample.add(List.copyOf(subset));
    }
    return List.copyOf(sample);
  }

  static long binomial(final int n, final int k) {
    long result = 1;
    for (int i = 1; i <= k; i++) {
      result = result * (n - k + i) / i;
      if (result > Integer.MAX_VALUE) {
        return Integer.MAX_VALUE;
      }
    }
    return result;
  }

  private static void enumerate(
      final int next,
      final int n,
      final int t,
      final List<Integer> current,
      final List<List<Integer>> out) {
    if (current.size() == t) {
      out.add(List.copyOf(current));
      return;
    }
    for (int i = next; i <= n; i++) {
      current.add(i);
      enumerate(i + 1, n, t, current, out);
      current.remove(current.size() - 1);
    }
  }
}
