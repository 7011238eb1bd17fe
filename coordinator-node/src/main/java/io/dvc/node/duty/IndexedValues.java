package io.dvc.node.duty;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A consensus value made of several byte strings by index (the aggregates of a slot by committee,
 * the contributions by subcommittee): {@code count:u32, then per entry index:u64 length:u32 bytes},
 * indices strictly increasing, so that one map has exactly one encoding.
 */
public final class IndexedValues {
  private IndexedValues() {}

  public static byte[] encode(final SortedMap<Long, byte[]> entries) {
    int size = 4;
    for (final byte[] value : entries.values()) {
      size += 12 + value.length;
    }
    final ByteBuffer out = ByteBuffer.allocate(size);
    out.putInt(entries.size());
    entries.forEach(
        (index, value) -> {
          out.putLong(index);
          out.putInt(value.length);
          out.put(value);
        });
    return out.array();
  }

  /**
   * Decodes a value; throws IllegalArgumentException naming the problem (truncated, unordered, more
   * than {@code maxEntries}, trailing bytes).
   */
  public static SortedMap<Long, byte[]> decode(final byte[] bytes, final int maxEntries) {
    final ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.remaining() < 4) {
      throw new IllegalArgumentException("value is shorter than its entry count");
    }
    final int count = in.getInt();
    if (count < 0 || count > maxEntries) {
      throw new IllegalArgumentException("value has " + count + " entries, at most " + maxEntries);
    }
    final TreeMap<Long, byte[]> entries = new TreeMap<>();
    Long previous = null;
    for (int i = 0; i < count; i++) {
      if (in.remaining() < 12) {
        throw new IllegalArgumentException("entry " + i + " is truncated");
      }
      final long index = in.getLong();
      final int length = in.getInt();
      if (length < 0 || length > in.remaining()) {
        throw new IllegalArgumentException("entry " + i + " is truncated");
      }
      if (previous != null && Long.compareUnsigned(index, previous) <= 0) {
        throw new IllegalArgumentException("entry indices are not strictly increasing");
      }
      previous = index;
      final byte[] value = new byte[length];
      in.get(value);
      entries.put(index, value);
    }
    if (in.hasRemaining()) {
      throw new IllegalArgumentException("value has " + in.remaining() + " trailing bytes");
    }
    return Collections.unmodifiableSortedMap(entries);
  }
}
