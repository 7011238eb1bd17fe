package io.dvc.bls;

import java.util.Arrays;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * A message already hashed to G2 with the Ethereum ciphersuite's DST. Hashing costs about as much
 * as the scalar multiplication of signing, so when many keys sign one message (the attesters of a
 * slot all sign the same root after electra) it is hashed once and signed many times with {@link
 * BlsSecretKey#sign(HashedMessage)}. Immutable and safe to share between threads.
 */
public final class HashedMessage {
  private final byte[] message;
  private final P2_Affine point;

  private HashedMessage(final byte[] message, final P2_Affine point) {
    this.message = message;
    this.point = point;
  }

  /** hash_to_curve(message) with the POP ciphersuite's DST. */
  public static HashedMessage of(final byte[] message) {
    BlstLoader.ensureLoaded();
    final byte[] copy = message.clone();
    return new HashedMessage(copy, new P2().hash_to(copy, Bls.DST).to_affine());
  }

  /** The message that was hashed (a copy). */
  public byte[] message() {
    return message.clone();
  }

  /** A fresh projective copy of the hashed point, for one signing. */
  P2 freshPoint() {
    return new P2(point);
  }

  @Override
  public boolean equals(final Object other) {
    return other instanceof HashedMessage o && Arrays.equals(message, o.message);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(message);
  }

  @Override
  public String toString() {
    return "HashedMessage[" + io.dvc.common.bytes.Hex.encode(message) + "]";
  }
}
