package io.dvc.slashing;

import io.dvc.common.bytes.Hex;
import java.util.Arrays;

/** A validator's BLS public key as its 48 compressed bytes; compared by content. */
public final class Pubkey implements Comparable<Pubkey> {
  public static final int LENGTH = 48;

  private final byte[] bytes;
  private final int hash;

  private Pubkey(final byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** Copies the bytes; they must be 48 long. */
  public static Pubkey of(final byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "pubkey must be " + LENGTH + " bytes but is " + bytes.length);
    }
    return new Pubkey(bytes.clone());
  }

  public static Pubkey fromHex(final String hex) {
    return new Pubkey(Hex.decode(hex, LENGTH));
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
    return other instanceof Pubkey that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(final Pubkey other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
