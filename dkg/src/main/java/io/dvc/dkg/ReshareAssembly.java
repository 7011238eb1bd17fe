package io.dvc.dkg;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsArithmetic;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.threshold.FeldmanCommitments;
import io.dvc.bls.threshold.LagrangeInterpolator;
import io.dvc.bls.threshold.SecretShare;
import io.dvc.config.cluster.DistributedValidator;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The new keys of a resharing: with lambda_i the Lagrange coefficients at 0 of the dealers' old
 * share indices, the new commitments are {@code C'_k = sum_i lambda_i D_ik} (so C'_0 = sum_i
 * lambda_i PK_i is the unchanged distributed key) and new operator j's share is {@code s'_j = sum_i
 * lambda_i g_i(j)}.
 */
final class ReshareAssembly {
  private ReshareAssembly() {}

  /** The new lock's validators (old keys and deposits, new public shares and commitments). */
  static List<DistributedValidator> validators(
      final List<DistributedValidator> old,
      final Map<Integer, List<DkgMessage.ValidatorDeal>> dealsByOldIndex,
      final int newOperators) {
    final List<Integer> indices = new ArrayList<>(dealsByOldIndex.keySet());
    final List<BigInteger> lambdas = LagrangeInterpolator.coefficientsAtZero(indices);
    final List<DistributedValidator> out = new ArrayList<>(old.size());
    for (int v = 0; v < old.size(); v++) {
      final int t = dealsByOldIndex.get(indices.get(0)).get(v).commitments().size();
      final List<BlsPublicKey> combined = new ArrayList<>(t);
      for (int k = 0; k < t; k++) {
        final List<BlsPublicKey> terms = new ArrayList<>();
        for (final int i : indices) {
          terms.add(dealsByOldIndex.get(i).get(v).commitments().get(k));
        }
        combined.add(BlsArithmetic.weightedSumOfKeys(terms, lambdas));
      }
      if (!combined.get(0).equals(old.get(v).distributedPublicKey())) {
        throw new IllegalStateException("validator " + v + ": reshared key differs from the old");
      }
      final FeldmanCommitments commitments = new FeldmanCommitments(combined);
      final List<BlsPublicKey> publicShares = new ArrayList<>(newOperators);
      for (int j = 1; j <= newOperators; j++) {
        publicShares.add(commitments.publicShare(j).publicKey());
      }
      out.add(
          new DistributedValidator(
              old.get(v).distributedPublicKey(), publicShares, combined, old.get(v).depositData()));
    }
    return out;
  }

  /** New operator {@code j}'s share of every validator, checked against its public share. */
  static List<SecretShare> ownShares(
      final Map<Integer, byte[]> sharesByOldIndex,
      final List<DistributedValidator> validators,
      final int j) {
    final List<Integer> indices = new ArrayList<>(sharesByOldIndex.keySet());
    final List<BigInteger> lambdas = LagrangeInterpolator.coefficientsAtZero(indices);
    final List<SecretShare> out = new ArrayList<>(validators.size());
    final byte[] one = new byte[Scalars.SIZE];
    try {
      for (int v = 0; v < validators.size(); v++) {
        BigInteger sum = BigInteger.ZERO;
        for (int k = 0; k < indices.size(); k++) {
          System.arraycopy(
              sharesByOldIndex.get(indices.get(k)), v * Scalars.SIZE, one, 0, Scalars.SIZE);
          sum = sum.add(lambdas.get(k).multiply(new BigInteger(1, one)));
        }
        sum = sum.mod(Bls.CURVE_ORDER);
        if (sum.signum() == 0) {
          throw new IllegalStateException("new share of validator " + v + " is zero");
        }
        final SecretShare share = new SecretShare(j, BlsSecretKey.fromScalar(sum));
        out.add(share);
        if (!share.secretKey().publicKey().equals(validators.get(v).publicShare(j))) {
          throw new IllegalStateException("new share of validator " + v + " is inconsistent");
        }
      }
      return out;
    } catch (final RuntimeException e) {
      out.forEach(SecretShare::destroy);
      throw e;
    } finally {
      java.util.Arrays.fill(one, (byte) 0);
    }
  }
}
