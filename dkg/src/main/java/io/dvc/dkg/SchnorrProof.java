package io.dvc.dkg;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsArithmetic;
import io.dvc.bls.BlsPublicKey;
import io.dvc.spec.ssz.Bytes;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/**
 * A Schnorr proof of knowledge of the discrete logarithm of a G1 point (the dealer's constant-term
 * commitment {@code C = a0 * G1}): commitment {@code R = k * G1}, challenge {@code c = H(context,
 * C, R) mod r} (SHA-512, 64 bytes reduced), response {@code s = k + c * a0 mod r}; valid when
 * {@code s * G1 == R + c * C}. The context binds the proof to the session, the dealer and the
 * validator, so a proof cannot be replayed elsewhere (rogue-key protection: a dealer cannot pick
 * its constant-term commitment as a function of the others').
 */
public record SchnorrProof(BlsPublicKey commitment, Bytes response) {
  public static final int RESPONSE_SIZE = 32;
  private static final byte[] TAG = "DVC-DKG-SCHNORR-POK-V1".getBytes(StandardCharsets.US_ASCII);

  public SchnorrProof {
    Objects.requireNonNull(commitment, "commitment");
    if (response.size() != RESPONSE_SIZE) {
      throw new IllegalArgumentException("a Schnorr response has 32 bytes");
    }
  }

  /** Proves knowledge of {@code secret} (with {@code secret * G1 == publicKey}). */
  static SchnorrProof prove(
      final BigInteger secret,
      final BlsPublicKey publicKey,
      final Bytes sessionId,
      final int dealer,
      final int validator,
      final SecureRandom random) {
    BigInteger k = Scalars.random(random);
    final BlsPublicKey r = BlsArithmetic.publicKeyOf(k);
    final BigInteger c = challenge(sessionId, dealer, validator, publicKey, r);
    final BigInteger s = k.add(c.multiply(secret)).mod(Bls.CURVE_ORDER);
    k = BigInteger.ZERO;
    return new SchnorrProof(r, Bytes.of(Scalars.toBytes32(s)));
  }

  /** True when this proves knowledge of the discrete log of {@code publicKey} in this context. */
  boolean verify(
      final BlsPublicKey publicKey, final Bytes sessionId, final int dealer, final int validator) {
    if (!publicKey.isValid() || !commitment.isDecodable()) {
      return false;
    }
    final BigInteger s = new BigInteger(1, response.toArray());
    if (s.compareTo(Bls.CURVE_ORDER) >= 0) {
      return false;
    }
    final BigInteger c = challenge(sessionId, dealer, validator, publicKey, commitment);
    final BlsPublicKey right =
        BlsArithmetic.weightedSumOfKeys(List.of(commitment, publicKey), List.of(BigInteger.ONE, c));
    return BlsArithmetic.publicKeyOf(s).equals(right);
  }

  private static BigInteger challenge(
      final Bytes sessionId,
      final int dealer,
      final int validator,
      final BlsPublicKey publicKey,
      final BlsPublicKey r) {
    try {
      final MessageDigest sha = MessageDigest.getInstance("SHA-512");
      sha.update(TAG);
      sha.update(sessionId.toArray());
      sha.update(ByteBuffer.allocate(8).putInt(dealer).putInt(validator).array());
      sha.update(publicKey.toBytes());
      sha.update(r.toBytes());
      return new BigInteger(1, sha.digest()).mod(Bls.CURVE_ORDER);
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
