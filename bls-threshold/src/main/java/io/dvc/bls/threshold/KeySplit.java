package io.dvc.bls.threshold;

import java.util.List;

/** The result of a threshold split: n secret shares (indices 1..n) and the t commitments. */
public record KeySplit(List<SecretShare> shares, FeldmanCommitments commitments) {
  public KeySplit {
    shares = List.copyOf(shares);
  }

  public int threshold() {
    return commitments.threshold();
  }

  /** The share with the given index (1..n). */
  public SecretShare share(final int index) {
    return shares.get(index - 1);
  }

  /** The public shares of all n shares, in index order. */
  public List<PublicShare> publicShares() {
    return shares.stream().map(SecretShare::publicShare).toList();
  }

  /** Zeroes every secret share. */
  public void destroy() {
    shares.forEach(SecretShare::destroy);
  }
}
