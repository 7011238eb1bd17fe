package io.dvc.dkg;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.threshold.FeldmanCommitments;
import io.dvc.bls.threshold.SecretShare;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Joint-Feldman's output from the qualified deals (here: all n): per validator the summed
 * commitments {@code C_k = sum_j C_{j,k}} (C_0 is the distributed key), the public shares {@code
 * f(i) * G1} they imply, and this operator's share {@code s_i = sum_j f_j(i)}.
 */
final class KeyAssembly {
  /** One validator's keys as this operator sees them. */
  record ValidatorKeys(
      FeldmanCommitments commitments, List<BlsPublicKey> publicShares, SecretShare ownShare) {
    BlsPublicKey distributedKey() {
      return commitments.groupPublicKey();
    }
  }

  private KeyAssembly() {}

  /**
   * @param dealsByDealer every dealer's validator deals, dealer 1 first
   * @param sharesByDealer the scalars every dealer sent to this operator, dealer 1 first
   * @throws IllegalStateException when a combined value is degenerate (probability ~ 2^-250) or the
   *     own share does not match its public share (a bug: the shares were verified)
   */
  static List<ValidatorKeys> assemble(
      final List<List<DkgMessage.ValidatorDeal>> dealsByDealer,
      final List<byte[]> sharesByDealer,
      final int ownIndex,
      final int operators) {
    final int validators = dealsByDealer.get(0).size();
    final int threshold = dealsByDealer.get(0).get(0).commitments().size();
    final List<ValidatorKeys> out = new ArrayList<>(validators);
    final byte[] one = new byte[Scalars.SIZE];
    try {
      for (int v = 0; v < validators; v++) {
        final List<BlsPublicKey> combined = new ArrayList<>(threshold);
        for (int k = 0; k < threshold; k++) {
          final List<BlsPublicKey> terms = new ArrayList<>(dealsByDealer.size());
          for (final List<DkgMessage.ValidatorDeal> deal : dealsByDealer) {
            terms.add(deal.get(v).commitments().get(k));
          }
          final BlsPublicKey sum = Bls.aggregatePublicKeys(terms);
          if (!sum.isValid()) {
            throw new IllegalStateException("commitment " + k + " of validator " + v + " is zero");
          }
          combined.add(sum);
        }
        final FeldmanCommitments commitments = new FeldmanCommitments(combined);
        final List<BlsPublicKey> publicShares = new ArrayList<>(operators);
        for (int i = 1; i <= operators; i++) {
          publicShares.add(commitments.publicShare(i).publicKey());
        }
        BigInteger sum = BigInteger.ZERO;
        for (final byte[] scalars : sharesByDealer) {
          System.arraycopy(scalars, v * Scalars.SIZE, one, 0, Scalars.SIZE);
          sum = sum.add(new BigInteger(1, one));
        }
        sum = sum.mod(Bls.CURVE_ORDER);
        if (sum.signum() == 0) {
          throw new IllegalStateException("share of validator " + v + " is zero");
        }
        final SecretShare own = new SecretShare(ownIndex, BlsSecretKey.fromScalar(sum));
        if (!own.secretKey().publicKey().equals(publicShares.get(ownIndex - 1))) {
          own.destroy();
          throw new IllegalStateException("own share of validator " + v + " is inconsistent");
        }
        out.add(new ValidatorKeys(commitments, publicShares, own));
      }
      return out;
    } catch (final RuntimeException e) {
      out.forEach(k -> k.ownShare().destroy());
      throw e;
    } finally {
      java.util.Arrays.fill(one, (byte) 0);
    }
  }
}
