package io.dvc.spec.ssz;

import io.dvc.common.bytes.Hex;
import java.util.Arrays;

/**
 * An immutable byte string (roots, pubkeys, signatures, addresses, transactions). Equal by content;
 * {@link #toString()} is the 0x-hex form.
 */
public final class Bytes {
  private static final Bytes[] ZEROS = new Bytes[97];

  private final byte[] bytes;

  private Bytes(final byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of the given bytes. */
  public static Bytes of(final byte[] bytes) {
    return new Bytes(bytes.clone());
  }

  /** Wraps without copying: the caller hands over ownership and never changes the array. */
  static Bytes wrap(final byte[] bytes) {
    return new Bytes(bytes);
  }

  /** Decodes 0x-hex of any case. */
  public static Bytes fromHex(final String hex) {
    return new Bytes(Hex.decode(hex));
  }

  /** Decodes 0x-hex and checks the length. */
  public static Bytes fromHex(final String hex, final int length) {
    return new Bytes(Hex.decode(hex, length));
  }

  /** {@code length} zero bytes. */
  public static Bytes zero(final int length) {
    if (length < ZEROS.length) {
      Bytes cached = ZEROS[length];
      if (cached == null) {
        cached = new Bytes(new byte[length]);
        ZEROS[length] = cached;
      }
      return cached;
    }
    return new Bytes(new byte[length]);
  }

  public int size() {
    return bytes.length;
  }

  public byte get(final int index) {
    return bytes[index];
  }

  /** A copy of the content. */
  public byte[] toArray() {
    return bytes.clone();
  }

  /** Copies the content into {@code target} at {@code offset}. */
  public void copyTo(final byte[] target, final int offset) {
    System.arraycopy(bytes, 0, target, offset, bytes.length);
  }

  public String toHex() {
    return Hex.encode(bytes);
  }

  public boolean isZero() {
    for (final byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(final Object other) {
    return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
