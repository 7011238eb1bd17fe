package io.dvc.consensus;

import io.dvc.common.bytes.Hex;
import java.util.Arrays;

/** A 32-byte hash of a value; compared by content. */
public final class Digest {
  public static final int LENGTH = 32;
  private final byte[] bytes;
  private final int hash;

  private Digest(final byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** Copies the 32 bytes. */
  public static Digest of(final byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "digest must be " + LENGTH + " bytes, got " + (bytes == null ? "none" : bytes.length));
    }
    return new Digest(bytes.clone());
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  /** The internal array; callers must not modify it. */
  byte[] unsafeArray() {
    return bytes;
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof Digest d && d.hash == hash && Arrays.equals(d.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return Hex.encodeBare(Arrays.copyOf(bytes, 4));
  }
}
