package io.dvc.dkg;

import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.threshold.KeySplit;
import io.dvc.bls.threshold.ThresholdKeySplitter;
import io.dvc.common.bytes.SecretBytes;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.spec.ssz.Bytes;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * One operator's contribution as a dealer: for every validator a fresh random polynomial of degree
 * t-1 (via {@link ThresholdKeySplitter}: Shamir shares at 1..n and Feldman commitments in G1), a
 * Schnorr proof of knowledge of its constant term, and the signed {@link DkgMessage.Deal}. Holds
 * the secret shares until {@link #destroy()}.
 */
final class Dealing {
  private final List<KeySplit> splits;
  private final DkgMessage.Deal deal;
  private final Bytes digest;

  private Dealing(final List<KeySplit> splits, final DkgMessage.Deal deal, final Bytes digest) {
    this.splits = splits;
    this.deal = deal;
    this.digest = digest;
  }

  static Dealing create(
      final Bytes sessionId,
      final int dealer,
      final int operators,
      final int threshold,
      final int validators,
      final NodeKey identity,
      final SecureRandom random) {
    final ThresholdKeySplitter splitter = new ThresholdKeySplitter(random);
    final List<KeySplit> splits = new ArrayList<>(validators);
    final List<DkgMessage.ValidatorDeal> deals = new ArrayList<>(validators);
    try {
      for (int v = 0; v < validators; v++) {
        final BlsSecretKey constant = BlsSecretKey.random(random);
        try {
          final KeySplit split = splitter.split(constant, threshold, operators);
          splits.add(split);
          final BigInteger a0 = constant.toScalar();
          deals.add(
              new DkgMessage.ValidatorDeal(
                  split.commitments().commitments(),
                  SchnorrProof.prove(
                      a0, split.commitments().groupPublicKey(), sessionId, dealer, v, random)));
        } finally {
          constant.destroy();
        }
      }
    } catch (final RuntimeException e) {
      splits.forEach(KeySplit::destroy);
      throw e;
    }
    final Bytes digest = DealDigest.of(sessionId, dealer, deals);
    final DkgMessage.Deal deal =
        new DkgMessage.Deal(deals, Bytes.of(identity.sign(digest.toArray())));
    return new Dealing(splits, deal, digest);
  }

  DkgMessage.Deal deal() {
    return deal;
  }

  Bytes digest() {
    return digest;
  }

  /** The commitments of validator {@code v}. */
  DkgMessage.ValidatorDeal validator(final int v) {
    return deal.validators().get(v);
  }

  /** Every validator's share for {@code shareIndex}, as 32-byte scalars (a copy to wipe). */
  byte[] sharesFor(final int shareIndex) {
    final byte[] out = new byte[splits.size() * Scalars.SIZE];
    for (int v = 0; v < splits.size(); v++) {
      final byte[] share = splits.get(v).share(shareIndex).secretKey().toBytes();
      System.arraycopy(share, 0, out, v * Scalars.SIZE, Scalars.SIZE);
      SecretBytes.wipe(share);
    }
    return out;
  }

  void destroy() {
    splits.forEach(KeySplit::destroy);
  }
}
