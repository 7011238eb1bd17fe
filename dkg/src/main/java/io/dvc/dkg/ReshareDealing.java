package io.dvc.dkg;

import io.dvc.bls.threshold.KeySplit;
import io.dvc.bls.threshold.SecretShare;
import io.dvc.bls.threshold.ThresholdKeySplitter;
import io.dvc.common.bytes.SecretBytes;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.spec.ssz.Bytes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * An old operator's contribution to a resharing: every old share s_iv dealt again with a fresh
 * random polynomial of the new degree t'-1 whose constant term is s_iv (Feldman commitments; the
 * first must equal the old lock's public share, which every receiver checks), with a Schnorr proof
 * of knowledge of s_iv, signed like a DKG deal.
 */
final class ReshareDealing {
  private final List<KeySplit> splits;
  private final DkgMessage.Deal deal;
  private final Bytes digest;

  private ReshareDealing(final List<KeySplit> splits, final DkgMessage.Deal deal, final Bytes d) {
    this.splits = splits;
    this.deal = deal;
    this.digest = d;
  }

  static ReshareDealing create(
      final Bytes sessionId,
      final int dealer,
      final List<SecretShare> oldShares,
      final int newThreshold,
      final int newOperators,
      final NodeKey identity,
      final SecureRandom random) {
    final ThresholdKeySplitter splitter = new ThresholdKeySplitter(random);
    final List<KeySplit> splits = new ArrayList<>();
    final List<DkgMessage.ValidatorDeal> deals = new ArrayList<>();
    try {
      for (int v = 0; v < oldShares.size(); v++) {
        final SecretShare old = oldShares.get(v);
        final KeySplit split = splitter.split(old.secretKey(), newThreshold, newOperators);
        splits.add(split);
        deals.add(
            new DkgMessage.ValidatorDeal(
                split.commitments().commitments(),
                SchnorrProof.prove(
                    old.secretKey().toScalar(),
                    split.commitments().groupPublicKey(),
                    sessionId,
                    dealer,
                    v,
                    random)));
      }
    } catch (final RuntimeException e) {
      splits.forEach(KeySplit::destroy);
      throw e;
    }
    final Bytes digest = DealDigest.of(sessionId, dealer, deals);
    return new ReshareDealing(
        splits, new DkgMessage.Deal(deals, Bytes.of(identity.sign(digest.toArray()))), digest);
  }

  DkgMessage.Deal deal() {
    return deal;
  }

  Bytes digest() {
    return digest;
  }

  /** Every validator's new-polynomial value at new share index {@code j} (a copy to wipe). */
  byte[] sharesFor(final int j) {
    final byte[] out = new byte[splits.size() * Scalars.SIZE];
    for (int v = 0; v < splits.size(); v++) {
      final byte[] share = splits.get(v).share(j).secretKey().toBytes();
      System.arraycopy(share, 0, out, v * Scalars.SIZE, Scalars.SIZE);
      SecretBytes.wipe(share);
    }
    return out;
  }

  void destroy() {
    splits.forEach(KeySplit::destroy);
  }
}
