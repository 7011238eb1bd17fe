package io.dvc.bls;

import io.dvc.common.bytes.Hex;
import java.util.Arrays;
import supranational.blst.P1;
import supranational.blst.P1_Affine;

/**
 * A BLS public key: a 48-byte compressed G1 point. Immutable and equal by its bytes. The point is
 * decoded lazily, once, on first use; {@link #isValid()} is the spec's KeyValidate (a canonical
 * encoding of a point on the curve, in the G1 subgroup, not the point at infinity).
 */
public final class BlsPublicKey {
  public static final int SIZE = 48;

  private final byte[] bytes;
  private volatile Decoded decoded;

  private BlsPublicKey(final byte[] bytes, final Decoded decoded) {
    this.bytes = bytes;
    this.decoded = decoded;
  }

  /**
   * Wraps 48 bytes without decoding them.
   *
   * @throws IllegalArgumentException when the length is not 48
   */
  public static BlsPublicKey fromBytes(final byte[] bytes) {
    if (bytes == null || bytes.length != SIZE) {
      throw new IllegalArgumentException(
          "a BLS public key has "
              + SIZE
              + " bytes, got "
              + (bytes == null ? "none" : bytes.length));
    }
    return new BlsPublicKey(bytes.clone(), null);
  }

  /** Parses hex (with or without 0x) of 48 bytes. */
  public static BlsPublicKey fromHex(final String hex) {
    return fromBytes(Hex.decode(hex));
  }

  static BlsPublicKey fromPoint(final P1 point) {
    final P1_Affine affine = point.to_affine();
    return new BlsPublicKey(affine.compress(), Decoded.of(affine));
  }

  /** The compressed encoding (a copy). */
  public byte[] toBytes() {
    return bytes.clone();
  }

  public String toHex() {
    return Hex.encode(bytes);
  }

  /** KeyValidate: decodes to a point of the G1 subgroup other than infinity. */
  public boolean isValid() {
    final Decoded d = decode();
    return d.point != null && !d.infinity;
  }

  /** Decodes to a point of the G1 subgroup; the point at infinity counts as decodable. */
  public boolean isDecodable() {
    return decode().point != null;
  }

  /** The decoded affine point; fails unless KeyValidate holds. */
  P1_Affine validPoint() {
    final Decoded d = decode();
    if (d.point == null) {
      throw new BlsException("invalid BLS public key " + toHex() + ": " + d.error);
    }
    if (d.infinity) {
      throw new BlsException("invalid BLS public key " + toHex() + ": point at infinity");
    }
    return d.point;
  }

  /** The decoded point (infinity allowed); fails when it is not a G1 subgroup point. */
  P1_Affine point() {
    final Decoded d = decode();
    if (d.point == null) {
      throw new BlsException("invalid BLS public key " + toHex() + ": " + d.error);
    }
    return d.point;
  }

  private Decoded decode() {
    Decoded d = decoded;
    if (d == null) {
      d = Decoded.parse(bytes);
      decoded = d;
    }
    return d;
  }

  @Override
  public boolean equals(final Object other) {
    return other instanceof BlsPublicKey o && Arrays.equals(bytes, o.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }

  private record Decoded(P1_Affine point, boolean infinity, String error) {
    static Decoded of(final P1_Affine point) {
      return new Decoded(point, point.is_inf(), null);
    }

    static Decoded parse(final byte[] bytes) {
      BlstLoader.ensureLoaded();
      final P1_Affine point;
      try {
        point = new P1_Affine(bytes);
      } catch (final RuntimeException e) {
        return new Decoded(null, false, "not a compressed G1 point (" + e.getMessage() + ")");
      }
      if (point.is_inf()) {
        return new Decoded(point, true, null);
      }
      if (!point.in_group()) {
        return new Decoded(null, false, "not in the G1 subgroup");
      }
      return new Decoded(point, false, null);
    }
  }
}
