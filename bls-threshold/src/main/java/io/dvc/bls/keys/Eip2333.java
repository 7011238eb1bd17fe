package io.dvc.bls.keys;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsSecretKey;
import io.dvc.common.bytes.SecretBytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * EIP-2333 BLS12-381 key derivation: a master key from a seed (HKDF_mod_r) and hardened child keys
 * through a Lamport one-time key (parent_SK_to_lamport_PK). Intermediate steps are public for the
 * test vectors.
 */
public final class Eip2333 {
  private static final byte[] KEYGEN_SALT =
      "BLS-SIG-KEYGEN-SALT-".getBytes(StandardCharsets.US_ASCII);
  private static final int L = 48;
  private static final int K = 32;
  private static final int LAMPORT_CHUNKS = 255;

  private Eip2333() {}

  /** derive_master_SK(seed); the seed must have at least 32 bytes. */
  public static BlsSecretKey deriveMasterSK(final byte[] seed) {
    if (seed.length < 32) {
      throw new IllegalArgumentException("EIP-2333 seed must have at least 32 bytes");
    }
    return hkdfModR(seed, new byte[0]);
  }

  /** derive_child_SK(parent_SK, index) for index in 0..2^32-1. */
  public static BlsSecretKey deriveChildSK(final BlsSecretKey parent, final long index) {
    final byte[] compressed = parentSKToLamportPK(parent, index);
    try {
      return hkdfModR(compressed, new byte[0]);
    } finally {
      SecretBytes.wipe(compressed);
    }
  }

  /** The key at a path below the master key of a seed. */
  public static BlsSecretKey deriveSK(final byte[] seed, final Eip2334Path path) {
    BlsSecretKey key = deriveMasterSK(seed);
    for (final long index : path.indices()) {
      final BlsSecretKey child = deriveChildSK(key, index);
      key.destroy();
      key = child;
    }
    return key;
  }

  /** HKDF_mod_r(IKM, key_info): hash to a non-zero scalar mod r. */
  public static BlsSecretKey hkdfModR(final byte[] ikm, final byte[] keyInfo) {
    byte[] salt = KEYGEN_SALT;
    final byte[] ikmPadded = Arrays.copyOf(ikm, ikm.length + 1);
    final byte[] info = Arrays.copyOf(keyInfo, keyInfo.length + 2);
    info[keyInfo.length + 1] = (byte) L;
    try {
      while (true) {
        salt = Bip39.sha256(salt);
        final byte[] prk = hkdfExtract(salt, ikmPadded);
        final byte[] okm = hkdfExpand(prk, info, L);
        final BigInteger sk = new BigInteger(1, okm).mod(Bls.CURVE_ORDER);
        SecretBytes.wipe(prk, okm);
        if (sk.signum() != 0) {
          return BlsSecretKey.fromScalar(sk);
        }
      }
    } finally {
      SecretBytes.wipe(ikmPadded);
    }
  }

  /** IKM_to_lamport_SK(IKM, salt): 255 chunks of 32 bytes. */
  public static byte[][] ikmToLamportSK(final byte[] ikm, final byte[] salt) {
    final byte[] prk = hkdfExtract(salt, ikm);
    final byte[] okm = hkdfExpand(prk, new byte[0], K * LAMPORT_CHUNKS);
    final byte[][] chunks = new byte[LAMPORT_CHUNKS][];
    for (int i = 0; i < LAMPORT_CHUNKS; i++) {
      chunks[i] = Arrays.copyOfRange(okm, i * K, (i + 1) * K);
    }
    SecretBytes.wipe(prk, okm);
    return chunks;
  }

  /** parent_SK_to_lamport_PK(parent_SK, index): the 32-byte compressed Lamport public key. */
  public static byte[] parentSKToLamportPK(final BlsSecretKey parent, final long index) {
    if (index < 0 || index > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("EIP-2333 index out of range 0..2^32-1: " + index);
    }
    final byte[] salt = {
      (byte) (index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8), (byte) index
    };
    final byte[] ikm = parent.toBytes();
    final byte[] notIkm = new byte[ikm.length];
    for (int i = 0; i < ikm.length; i++) {
      notIkm[i] = (byte) ~ikm[i];
    }
    final byte[][] lamport0 = ikmToLamportSK(ikm, salt);
    final byte[][] lamport1 = ikmToLamportSK(notIkm, salt);
    SecretBytes.wipe(ikm, notIkm);
    final byte[] lamportPK = new byte[2 * LAMPORT_CHUNKS * K];
    for (int i = 0; i < LAMPORT_CHUNKS; i++) {
      System.arraycopy(Bip39.sha256(lamport0[i]), 0, lamportPK, i * K, K);
      System.arraycopy(Bip39.sha256(lamport1[i]), 0, lamportPK, (LAMPORT_CHUNKS + i) * K, K);
      SecretBytes.wipe(lamport0[i], lamport1[i]);
    }
    return Bip39.sha256(lamportPK);
  }

  static byte[] hkdfExtract(final byte[] salt, final byte[] ikm) {
    return hmac(salt, ikm);
  }

  static byte[] hkdfExpand(final byte[] prk, final byte[] info, final int length) {
    final byte[] out = new byte[length];
    byte[] previous = new byte[0];
    int offset = 0;
    for (int counter = 1; offset < length; counter++) {
      final byte[] input = new byte[previous.length + info.length + 1];
      System.arraycopy(previous, 0, input, 0, previous.length);
      System.arraycopy(info, 0, input, previous.length, info.length);
      input[input.length - 1] = (byte) counter;
      SecretBytes.wipe(previous);
      previous = hmac(prk, input);
      SecretBytes.wipe(input);
      final int copy = Math.min(previous.length, length - offset);
      System.arraycopy(previous, 0, out, offset, copy);
      offset += copy;
    }
    SecretBytes.wipe(previous);
    return out;
  }

  private static byte[] hmac(final byte[] key, final byte[] data) {
    try {
      final Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[32] : key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (final GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
