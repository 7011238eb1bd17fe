package io.dvc.dkg;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsArithmetic;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.threshold.LagrangeInterpolator;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helper: recombines secret shares into the whole key (only tests ever do this). */
final class KeyReconstruction {
  private KeyReconstruction() {}

  /** The public key of the Lagrange combination at 0 of the given shares (index → scalar). */
  static BlsPublicKey combine(final Map<Integer, BigInteger> shares) {
    final List<Integer> indices = new ArrayList<>(shares.keySet());
    final List<BigInteger> lambdas = LagrangeInterpolator.coefficientsAtZero(indices);
    BigInteger secret = BigInteger.ZERO;
    for (int k = 0; k < indices.size(); k++) {
      secret = secret.add(lambdas.get(k).multiply(shares.get(indices.get(k))));
    }
    return BlsArithmetic.publicKeyOf(secret.mod(Bls.CURVE_ORDER));
  }

  /** Every subset of {1..n} of the given size. */
  static List<List<Integer>> subsets(final int n, final int size) {
    final List<List<Integer>> out = new ArrayList<>();
    collect(1, n, size, new ArrayList<>(), out);
    return out;
  }

  private static void collect(
      final int from,
      final int n,
      final int size,
      final List<Integer> current,
      final List<List<Integer>> out) {
    if (current.size() == size) {
      out.add(List.copyOf(current));
      return;
    }
    for (int i = from; i <= n; i++) {
      current.add(i);
      collect(i + 1, n, size, current, out);
      current.remove(current.size() - 1);
    }
  }
}
