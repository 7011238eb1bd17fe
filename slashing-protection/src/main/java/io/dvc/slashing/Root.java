package io.dvc.slashing;

import io.dvc.common.bytes.Hex;
import java.util.Arrays;

/** A 32-byte root (a signing root or the genesis_validators_root); compared by content. */
public final class Root {
  public static final int LENGTH = 32;

  private final byte[] bytes;

  private Root(final byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies the bytes; they must be 32 long. */
  public static Root of(final byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "root must be " + LENGTH + " bytes but is " + bytes.length);
    }
    return new Root(bytes.clone());
  }

  public static Root fromHex(final String hex) {
    return new Root(Hex.decode(hex, LENGTH));
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  byte[] bytesUnsafe() {
    return bytes;
  }

  public String toHex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(final Object other) {
    return other instanceof Root that && Arrays.equals(bytes, that.bytes);
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
