package io.dvc.bls;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import supranational.blst.BLST_ERROR;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;
import supranational.blst.Pairing;

/**
 * The BLS signature scheme of Ethereum: ciphersuite {@value #CIPHERSUITE} (proof-of-possession
 * scheme, signatures in G2, public keys in G1). Functions follow the IETF BLS draft names used by
 * the consensus specs. Verification never throws on bad input: invalid keys or signatures simply do
 * not verify.
 */
public final class Bls {
  public static final String CIPHERSUITE = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

  /** The order r of G1, G2 and the scalar field. */
  public static final BigInteger CURVE_ORDER =
      new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);

  static final String DST = CIPHERSUITE;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Bls() {}

  /** Sign(SK, message). */
  public static BlsSignature sign(final BlsSecretKey secretKey, final byte[] message) {
    return secretKey.sign(message);
  }

  /** Verify(PK, message, signature): KeyValidate, subgroup check, then CoreVerify. */
  public static boolean verify(
      final BlsPublicKey publicKey, final byte[] message, final BlsSignature signature) {
    if (!publicKey.isValid() || !signature.isValid()) {
      return false;
    }
    return signature.point().core_verify(publicKey.validPoint(), true, message, DST)
        == BLST_ERROR.BLST_SUCCESS;
  }

  /**
   * Aggregate(signatures): the sum of the points.
   *
   * @throws BlsException when the list is empty or a signature is not a G2 subgroup point
   */
  public static BlsSignature aggregate(final List<BlsSignature> signatures) {
    if (signatures.isEmpty()) {
      throw new BlsException("cannot aggregate an empty list of signatures");
    }
    BlstLoader.ensureLoaded();
    final P2 sum = new P2();
    for (final BlsSignature signature : signatures) {
      sum.add(signature.point());
    }
    return BlsSignature.fromPoint(sum);
  }

  /**
   * The sum of public keys (each must pass KeyValidate).
   *
   * @throws BlsException when the list is empty or a key is invalid
   */
  public static BlsPublicKey aggregatePublicKeys(final List<BlsPublicKey> publicKeys) {
    if (publicKeys.isEmpty()) {
      throw new BlsException("cannot aggregate an empty list of public keys");
    }
    BlstLoader.ensureLoaded();
    final P1 sum = new P1();
    for (final BlsPublicKey key : publicKeys) {
      sum.add(key.validPoint());
    }
    return BlsPublicKey.fromPoint(sum);
  }

  /** FastAggregateVerify(PKs, message, signature): all keys signed the same message. */
  public static boolean fastAggregateVerify(
      final List<BlsPublicKey> publicKeys, final byte[] message, final BlsSignature signature) {
    if (publicKeys.isEmpty() || !publicKeys.stream().allMatch(BlsPublicKey::isValid)) {
      return false;
    }
    return verify(aggregatePublicKeys(publicKeys), message, signature);
  }

  /** AggregateVerify(PKs, messages, signature): key i signed message i. */
  public static boolean aggregateVerify(
      final List<BlsPublicKey> publicKeys,
      final List<byte[]> messages,
      final BlsSignature signature) {
    if (publicKeys.isEmpty()
        || publicKeys.size() != messages.size()
        || !signature.isValid()
        || !publicKeys.stream().allMatch(BlsPublicKey::isValid)) {
      return false;
    }
    final Pairing pairing = new Pairing(true, DST);
    for (int i = 0; i < publicKeys.size(); i++) {
      final P2_Affine sig = i == 0 ? signature.point() : null;
      if (pairing.aggregate(publicKeys.get(i).validPoint(), sig, messages.get(i))
          != BLST_ERROR.BLST_SUCCESS) {
        return false;
      }
    }
    pairing.commit();
    return pairing.finalverify();
  }

  /**
   * Verifies many signature sets at once: true exactly when (with overwhelming probability) every
   * set verifies on its own. Each set is weighted by a fresh random non-zero 64-bit scalar. When
   * all messages are equal the whole batch costs two pairings plus one 64-bit scalar multiplication
   * per key and per signature; otherwise it costs one Miller loop per set and one final
   * exponentiation. An empty batch is false.
   */
  public static boolean batchVerify(final List<SignatureSet> sets) {
    if (sets.isEmpty()) {
      return false;
    }
    for (final SignatureSet set : sets) {
      if (!set.publicKey().isValid() || !set.signature().isValid()) {
        return false;
      }
    }
    if (sets.size() == 1) {
      final SignatureSet only = sets.get(0);
      return verify(only.publicKey(), only.messageUnsafe(), only.signature());
    }
    return allSameMessage(sets) ? batchVerifySameMessage(sets) : batchVerifyDistinct(sets);
  }

  private static boolean allSameMessage(final List<SignatureSet> sets) {
    final byte[] first = sets.get(0).messageUnsafe();
    return sets.stream().allMatch(set -> Arrays.equals(first, set.messageUnsafe()));
  }

  private static boolean batchVerifySameMessage(final List<SignatureSet> sets) {
    final long[] weights = new long[sets.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = randomWeight();
    }
    final List<P1_Affine> keys = sets.stream().map(s -> s.publicKey().validPoint()).toList();
    final List<P2_Affine> signatures = sets.stream().map(s -> s.signature().point()).toList();
    final P1 weightedKeys = MultiScalarMultiplication.sumG1(keys, weights);
    final P2 weightedSignatures = MultiScalarMultiplication.sumG2(signatures, weights);
    if (weightedKeys.is_inf()) {
      return false;
    }
    return weightedSignatures
            .to_affine()
            .core_verify(weightedKeys.to_affine(), true, sets.get(0).messageUnsafe(), DST)
        == BLST_ERROR.BLST_SUCCESS;
  }

  private static boolean batchVerifyDistinct(final List<SignatureSet> sets) {
    final Pairing pairing = new Pairing(true, DST);
    for (final SignatureSet set : sets) {
      final BLST_ERROR result =
          pairing.mul_n_aggregate(
              set.publicKey().validPoint(),
              set.signature().point(),
              MultiScalarMultiplication.unsigned(randomWeight()),
              set.messageUnsafe());
      if (result != BLST_ERROR.BLST_SUCCESS) {
        return false;
      }
    }
    pairing.commit();
    return pairing.finalverify();
  }

  /** A uniformly random non-zero 64-bit weight (read as unsigned). */
  private static long randomWeight() {
    long weight;
    do {
      weight = RANDOM.nextLong();
    } while (weight == 0);
    return weight;
  }

  /**
   * hash_to_curve for G2 (BLS12381G2_XMD:SHA-256_SSWU_RO_) with the given domain separation tag;
   * returns the 192-byte uncompressed point (x.c1, x.c0, y.c1, y.c0, each 48 bytes big-endian).
   */
  public static byte[] hashToG2(final byte[] message, final String dst) {
    BlstLoader.ensureLoaded();
    return new P2().hash_to(message, dst).serialize();
  }

  /** hash_to_curve for G2 with a DST given as ASCII bytes. */
  public static byte[] hashToG2(final byte[] message, final byte[] dst) {
    return hashToG2(message, new String(dst, StandardCharsets.US_ASCII));
  }

  static byte[] toBytes32(final BigInteger value) {
    final byte[] raw = value.toByteArray();
    final byte[] out = new byte[32];
    final int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    Arrays.fill(raw, (byte) 0);
    return out;
  }

  static P1_Affine generatorG1() {
    BlstLoader.ensureLoaded();
    return P1_Affine.generator();
  }
}
