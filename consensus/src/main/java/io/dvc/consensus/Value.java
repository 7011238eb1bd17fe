package io.dvc.consensus;

import java.util.Arrays;

/** An opaque value to agree on, with its digest. Immutable. */
public final class Value {
  private final byte[] bytes;
  private final Digest digest;

  private Value(final byte[] bytes, final Digest digest) {
    this.bytes = bytes;
    this.digest = digest;
  }

  /** Copies the bytes and hashes them with the given hasher. */
  public static Value of(final byte[] bytes, final ValueHasher hasher) {
    final byte[] copy = bytes.clone();
    return new Value(copy, hasher.hash(copy));
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  public Digest digest() {
    return digest;
  }

  /** The internal array; callers must not modify it. */
  public byte[] unsafeBytes() {
    return bytes;
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof Value v && v.digest.equals(digest) && Arrays.equals(v.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "Value[" + bytes.length + " bytes, digest " + digest + "]";
  }
}
