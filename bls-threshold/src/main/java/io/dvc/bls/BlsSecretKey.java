package io.dvc.bls;

import io.dvc.common.bytes.SecretBytes;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import supranational.blst.P1;
import supranational.blst.P2;
import supranational.blst.SecretKey;

/**
 * A BLS secret key: a scalar {@code 0 < sk < r}, kept as 32 big-endian bytes. Equal by value (in
 * constant time); never printed; {@link #destroy()} zeroes the bytes and makes every later use
 * fail.
 */
public final class BlsSecretKey {
  public static final int SIZE = 32;

  private final byte[] bytes;
  private volatile boolean destroyed;
  private volatile BlsPublicKey publicKey;

  private BlsSecretKey(final byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * A key from its 32-byte big-endian encoding; the input array is copied, not kept.
   *
   * @throws IllegalArgumentException when the length is not 32 or the value is 0 or not below r
   */
  public static BlsSecretKey fromBytes(final byte[] bytes) {
    if (bytes == null || bytes.length != SIZE) {
      throw new IllegalArgumentException(
          "a BLS secret key has "
              + SIZE
              + " bytes, got "
              + (bytes == null ? "none" : bytes.length));
    }
    final BigInteger value = new BigInteger(1, bytes);
    if (value.signum() == 0 || value.compareTo(Bls.CURVE_ORDER) >= 0) {
      throw new IllegalArgumentException("a BLS secret key must be in the range 1..r-1");
    }
    return new BlsSecretKey(bytes.clone());
  }

  /** A key from a scalar in 1..r-1. */
  public static BlsSecretKey fromScalar(final BigInteger scalar) {
    if (scalar.signum() <= 0 || scalar.compareTo(Bls.CURVE_ORDER) >= 0) {
      throw new IllegalArgumentException("a BLS secret key must be in the range 1..r-1");
    }
    final byte[] encoded = Bls.toBytes32(scalar);
    try {
      return new BlsSecretKey(encoded.clone());
    } finally {
      SecretBytes.wipe(encoded);
    }
  }

  /** A uniformly random key from the given CSPRNG. */
  public static BlsSecretKey random(final SecureRandom random) {
    final byte[] candidate = new byte[SIZE + 16];
    try {
      random.nextBytes(candidate);
      final BigInteger wide = new BigInteger(1, candidate);
      final BigInteger scalar =
          wide.mod(Bls.CURVE_ORDER.subtract(BigInteger.ONE)).add(BigInteger.ONE);
      return fromScalar(scalar);
    } finally {
      SecretBytes.wipe(candidate);
    }
  }

  /** The 32-byte big-endian encoding (a copy the caller must wipe). */
  public byte[] toBytes() {
    checkNotDestroyed();
    return bytes.clone();
  }

  /** The scalar value. BigInteger cannot be wiped: prefer {@link #toBytes()} where possible. */
  public BigInteger toScalar() {
    checkNotDestroyed();
    return new BigInteger(1, bytes);
  }

  /** SkToPk; computed once. */
  public BlsPublicKey publicKey() {
    BlsPublicKey key = publicKey;
    if (key == null) {
      final SecretKey native_ = nativeKey();
      try {
        key = BlsPublicKey.fromPoint(new P1(native_));
      } finally {
        wipe(native_);
      }
      publicKey = key;
    }
    return key;
  }

  /** Sign (the POP ciphersuite's CoreSign): H(message) times the scalar. */
  public BlsSignature sign(final byte[] message) {
    final SecretKey native_ = nativeKey();
    try {
      return BlsSignature.fromPoint(new P2().hash_to(message, Bls.DST).sign_with(native_));
    } finally {
      wipe(native_);
    }
  }

  /**
   * Sign with a message hashed beforehand: the same signature as {@link #sign(byte[])} of {@link
   * HashedMessage#message()}, without hashing again.
   */
  public BlsSignature sign(final HashedMessage message) {
    final SecretKey native_ = nativeKey();
    try {
      return BlsSignature.fromPoint(message.freshPoint().sign_with(native_));
    } finally {
      wipe(native_);
    }
  }

  /** Zeroes the secret; every later use throws {@link IllegalStateException}. */
  public void destroy() {
    destroyed = true;
    SecretBytes.wipe(bytes);
  }

  public boolean isDestroyed() {
    return destroyed;
  }

  private SecretKey nativeKey() {
    checkNotDestroyed();
    BlstLoader.ensureLoaded();
    final SecretKey key = new SecretKey();
    key.from_bendian(bytes);
    return key;
  }

  private static void wipe(final SecretKey key) {
    key.from_bendian(new byte[SIZE]);
  }

  private void checkNotDestroyed() {
    if (destroyed) {
      throw new IllegalStateException("BLS secret key was destroyed");
    }
  }

  @Override
  public boolean equals(final Object other) {
    return other instanceof BlsSecretKey o
        && !destroyed
        && !o.destroyed
        && MessageDigest.isEqual(bytes, o.bytes);
  }

  @Override
  public int hashCode() {
    return destroyed ? 0 : publicKey().hashCode();
  }

  @Override
  public String toString() {
    return "BlsSecretKey[redacted]";
  }
}
