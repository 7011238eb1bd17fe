package io.dvc.bls.keys;

import java.util.ArrayList;
import java.util.List;

/**
 * A key derivation path "m/a/b/..." of EIP-2334, each index in 0..2^32-1. Ethereum validator keys
 * use {@code m/12381/3600/i/0/0} (signing) and {@code m/12381/3600/i/0} (withdrawal).
 */
public record Eip2334Path(List<Long> indices) {
  public static final long PURPOSE = 12381;
  public static final long COIN_TYPE = 3600;
  private static final long MAX_INDEX = 0xFFFFFFFFL;

  public Eip2334Path {
    indices = List.copyOf(indices);
    for (final long index : indices) {
      checkIndex(index);
    }
  }

  /** The signing key path {@code m/12381/3600/validatorIndex/0/0}. */
  public static Eip2334Path signing(final long validatorIndex) {
    return new Eip2334Path(List.of(PURPOSE, COIN_TYPE, validatorIndex, 0L, 0L));
  }

  /** The withdrawal key path {@code m/12381/3600/validatorIndex/0}. */
  public static Eip2334Path withdrawal(final long validatorIndex) {
    return new Eip2334Path(List.of(PURPOSE, COIN_TYPE, validatorIndex, 0L));
  }

  /**
   * Parses "m" followed by "/index" components.
   *
   * @throws IllegalArgumentException naming the bad component
   */
  public static Eip2334Path parse(final String path) {
    final String[] parts = path.trim().split("/", -1);
    if (!parts[0].equals("m")) {
      throw new IllegalArgumentException("key path must start with \"m\": " + path);
    }
    final List<Long> indices = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      if (!parts[i].matches("[0-9]{1,10}")) {
        throw new IllegalArgumentException(
            "key path component " + i + " is not a decimal index: " + path);
      }
      indices.add(checkIndex(Long.parseLong(parts[i])));
    }
    return new Eip2334Path(indices);
  }

  private static long checkIndex(final long index) {
    if (index < 0 || index > MAX_INDEX) {
      throw new IllegalArgumentException("key path index out of range 0..2^32-1: " + index);
    }
    return index;
  }

  @Override
  public String toString() {
    final StringBuilder out = new StringBuilder("m");
    indices.forEach(i -> out.append('/').append(i));
    return out.toString();
  }
}
