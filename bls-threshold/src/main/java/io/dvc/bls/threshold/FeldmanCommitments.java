package io.dvc.bls.threshold;

import io.dvc.bls.BlsArithmetic;
import io.dvc.bls.BlsPublicKey;
import java.util.List;

/**
 * Feldman commitments to a share polynomial {@code f(x) = a_0 + a_1 x + ... + a_{t-1} x^{t-1}}: the
 * t points {@code a_j * G1}. The first is the group (distributed) public key; the public share of
 * any index is {@code f(index) * G1}, computed from the commitments alone.
 */
public record FeldmanCommitments(List<BlsPublicKey> commitments) {
  public FeldmanCommitments {
    commitments = List.copyOf(commitments);
    if (commitments.isEmpty() || commitments.size() > ShareIndices.MAX) {
      throw new IllegalArgumentException(
          "Feldman commitments need 1.." + ShareIndices.MAX + " points, got " + commitments.size());
    }
  }

  /** The threshold t (the number of commitments). */
  public int threshold() {
    return commitments.size();
  }

  /** The group public key {@code a_0 * G1}. */
  public BlsPublicKey groupPublicKey() {
    return commitments.get(0);
  }

  /** The public share {@code f(index) * G1} of any index 1..255. */
  public PublicShare publicShare(final int index) {
    ShareIndices.check(index);
    return new PublicShare(index, BlsArithmetic.evaluatePolynomial(commitments, index));
  }

  /** True when the share's public key equals the committed public share of its index. */
  public boolean verify(final SecretShare share) {
    return publicShare(share.index()).publicKey().equals(share.secretKey().publicKey());
  }
}
