package io.dvc.dkg;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsArithmetic;
import io.dvc.bls.BlsPublicKey;
import io.dvc.p2p.crypto.PeerPublicKey;
import io.dvc.spec.ssz.Bytes;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** The checks every operator makes on a dealer's messages. */
final class DealChecks {
  private DealChecks() {}

  /**
   * The publicly verifiable checks of a deal: number of validators, identity-key signature over its
   * digest, every commitment a valid G1 point, every proof of knowledge valid. Empty when all pass,
   * else the fault (to follow "operator X ").
   */
  static Optional<String> checkDeal(
      final DkgSettings settings,
      final Bytes sessionId,
      final int dealer,
      final DkgMessage.Deal deal) {
    final int validators = settings.definition().numValidators();
    if (deal.validators().size() != validators) {
      return Optional.of(
          "dealt " + deal.validators().size() + " validators instead of " + validators);
    }
    final Bytes digest = DealDigest.of(sessionId, dealer, deal.validators());
    if (!signedBy(settings, dealer, digest, deal.signature())) {
      return Optional.of("signed its deal with a key that is not its identity key");
    }
    for (int v = 0; v < validators; v++) {
      final DkgMessage.ValidatorDeal d = deal.validators().get(v);
      for (int k = 0; k < d.commitments().size(); k++) {
        if (!d.commitments().get(k).isValid()) {
          return Optional.of(
              "dealt commitment " + k + " of validator " + v + ", which is not a valid G1 point");
        }
      }
      if (!d.proof().verify(d.commitments().get(0), sessionId, dealer, v)) {
        return Optional.of(
            "gave no valid proof of knowledge of its constant term for validator " + v);
      }
    }
    return Optional.empty();
  }

  /** True when {@code signature} is the identity-key signature of operator {@code index}. */
  static boolean signedBy(
      final Roster settings, final int index, final Bytes message, final Bytes signature) {
    final Optional<PeerPublicKey> key = settings.key(index);
    return key.isPresent() && key.get().verify(message.toArray(), signature.toArray());
  }

  /**
   * True when every scalar is in 1..r-1 and its public key is the dealer's committed polynomial at
   * {@code shareIndex}: {@code s * G1 == sum_k C_k * index^k}.
   */
  static boolean sharesMatch(
      final List<DkgMessage.ValidatorDeal> deals, final int shareIndex, final byte[] scalars) {
    if (scalars.length != deals.size() * Scalars.SIZE) {
      return false;
    }
    final byte[] one = new byte[Scalars.SIZE];
    try {
      for (int v = 0; v < deals.size(); v++) {
        System.arraycopy(scalars, v * Scalars.SIZE, one, 0, Scalars.SIZE);
        final BigInteger s = new BigInteger(1, one);
        if (s.signum() == 0 || s.compareTo(Bls.CURVE_ORDER) >= 0) {
          return false;
        }
        final BlsPublicKey expected =
            BlsArithmetic.evaluatePolynomial(deals.get(v).commitments(), shareIndex);
        if (!BlsArithmetic.publicKeyOf(s).equals(expected)) {
          return false;
        }
      }
      return true;
    } finally {
      java.util.Arrays.fill(one, (byte) 0);
    }
  }
}
