package io.dvc.bls;

import io.dvc.common.bytes.Hex;
import java.util.Arrays;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * A BLS signature: a 96-byte compressed G2 point. Immutable and equal by its bytes; decoded lazily,
 * once, with a subgroup check ({@link #isValid()}); the point at infinity decodes (and never
 * verifies against a valid key). Threshold combination only needs the curve point, so the subgroup
 * check is done separately and only when a caller needs it.
 */
public final class BlsSignature {
  public static final int SIZE = 96;
  public static final int UNCOMPRESSED_SIZE = 192;

  private final byte[] bytes;
  private volatile Decoded decoded;

  private BlsSignature(final byte[] bytes, final Decoded decoded) {
    this.bytes = bytes;
    this.decoded = decoded;
  }

  /**
   * Wraps 96 bytes without decoding them.
   *
   * @throws IllegalArgumentException when the length is not 96
   */
  public static BlsSignature fromBytes(final byte[] bytes) {
    if (bytes == null || bytes.length != SIZE) {
      throw new IllegalArgumentException(
          "a BLS signature has " + SIZE + " bytes, got " + (bytes == null ? "none" : bytes.length));
    }
    return new BlsSignature(bytes.clone(), null);
  }

  /**
   * Decodes the 192-byte uncompressed form (x then y, as blst serializes a G2 point). The point
   * must be on the curve; the subgroup check happens on first use, as for {@link #fromBytes}. Used
   * between our own nodes, where it saves the square root of decompression.
   *
   * @throws IllegalArgumentException when the length is not 192 or the bytes are not a curve point
   */
  public static BlsSignature fromUncompressed(final byte[] bytes) {
    if (bytes == null || bytes.length != UNCOMPRESSED_SIZE) {
      throw new IllegalArgumentException(
          "an uncompressed BLS signature has "
              + UNCOMPRESSED_SIZE
              + " bytes, got "
              + (bytes == null ? "none" : bytes.length));
    }
    if ((bytes[0] & 0x80) != 0) {
      throw new IllegalArgumentException("the compression flag is set in an uncompressed point");
    }
    BlstLoader.ensureLoaded();
    final P2_Affine point;
    try {
      point = new P2_Affine(bytes);
    } catch (final RuntimeException e) {
      throw new IllegalArgumentException(
          "not an uncompressed G2 curve point (" + e.getMessage() + ")");
    }
    return new BlsSignature(point.compress(), new Decoded(point, false, null));
  }

  /** The 192-byte uncompressed form; fails when the bytes are not a curve point. */
  public byte[] toUncompressedBytes() {
    return curvePoint().serialize();
  }

  /** Parses hex (with or without 0x) of 96 bytes. */
  public static BlsSignature fromHex(final String hex) {
    return fromBytes(Hex.decode(hex));
  }

  /** A signature of a point known to be in G2. */
  static BlsSignature fromPoint(final P2 point) {
    final P2_Affine affine = point.to_affine();
    return new BlsSignature(affine.compress(), new Decoded(affine, true, null));
  }

  /** A signature of a curve point whose subgroup membership is checked on first use. */
  static BlsSignature fromCurvePoint(final P2 point) {
    final P2_Affine affine = point.to_affine();
    return new BlsSignature(affine.compress(), new Decoded(affine, false, null));
  }

  /** The compressed encoding (a copy). */
  public byte[] toBytes() {
    return bytes.clone();
  }

  public String toHex() {
    return Hex.encode(bytes);
  }

  /** Decodes to a point of the G2 subgroup (infinity included). */
  public boolean isValid() {
    return checked().point != null;
  }

  /** The decoded affine point; fails when the bytes are not a G2 subgroup point. */
  P2_Affine point() {
    final Decoded d = checked();
    if (d.point == null) {
      throw new BlsException("invalid BLS signature " + toHex() + ": " + d.error);
    }
    return d.point;
  }

  /** The decoded curve point, without the subgroup check; fails on a bad encoding. */
  P2_Affine curvePoint() {
    Decoded d = decoded;
    if (d == null) {
      d = Decoded.uncompress(bytes);
      decoded = d;
    }
    if (d.point == null) {
      throw new BlsException("invalid BLS signature " + toHex() + ": " + d.error);
    }
    return d.point;
  }

  private Decoded checked() {
    Decoded d = decoded;
    if (d == null) {
      d = Decoded.uncompress(bytes);
    }
    if (!d.subgroupChecked) {
      d = d.checkSubgroup();
      decoded = d;
    }
    return d;
  }

  @Override
  public boolean equals(final Object other) {
    return other instanceof BlsSignature o && Arrays.equals(bytes, o.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }

  private record Decoded(P2_Affine point, boolean subgroupChecked, String error) {
    static Decoded uncompress(final byte[] bytes) {
      BlstLoader.ensureLoaded();
      try {
        return new Decoded(new P2_Affine(bytes), false, null);
      } catch (final RuntimeException e) {
        return new Decoded(null, true, "not a compressed G2 point (" + e.getMessage() + ")");
      }
    }

    Decoded checkSubgroup() {
      if (point == null || point.is_inf() || point.in_group()) {
        return new Decoded(point, true, error);
      }
      return new Decoded(null, true, "not in the G2 subgroup");
    }
  }
}
