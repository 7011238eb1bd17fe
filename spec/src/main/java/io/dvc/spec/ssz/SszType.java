package io.dvc.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One SSZ type: it serializes, deserializes, computes hash_tree_root and converts to and from
 * Beacon-API JSON. Values are immutable Java objects: {@link Long} for uint8..uint64 (unsigned),
 * {@link java.math.BigInteger} for uint128/uint256, {@link Boolean}, {@link Bytes} for byte vectors
 * and lists, {@link Bits} for bitfields, {@link java.util.List} for vectors and lists, and records
 * for containers.
 *
 * @param <T> the Java type of the values
 */
public interface SszType<T> {

  /** True when every value serializes to {@link #fixedSize()} bytes. */
  boolean isFixedSize();

  /** The serialized size of every value; only for fixed-size types. */
  int fixedSize();

  /** The serialized size of this value. */
  int sizeOf(T value);

  /** Writes the value at {@code offset} and returns the offset after it. */
  int write(T value, byte[] buffer, int offset);

  /** Reads a value from exactly {@code length} bytes at {@code offset}. */
  T read(byte[] buffer, int offset, int length);

  /** Writes hash_tree_root(value) to {@code out[outOffset..outOffset+32)}. */
  void hashTreeRootInto(T value, byte[] out, int outOffset);

  /** Beacon-API JSON of the value. */
  JsonNode toJson(T value);

  /** The value of Beacon-API JSON; throws {@link SszException} naming the field on bad input. */
  T fromJson(JsonNode json);

  /** True for uintN and boolean (packed into chunks inside vectors and lists). */
  default boolean isBasic() {
    return false;
  }

  /** Checks that the value fits the type (lengths and limits); throws {@link SszException}. */
  default void validate(final T value) {
    sizeOf(value);
  }

  default byte[] serialize(final T value) {
    final byte[] buffer = new byte[sizeOf(value)];
    final int end = write(value, buffer, 0);
    if (end != buffer.length) {
      throw new IllegalStateException("wrote " + end + " of " + buffer.length + " bytes");
    }
    return buffer;
  }

  default T deserialize(final byte[] bytes) {
    return read(bytes, 0, bytes.length);
  }

  default Bytes hashTreeRoot(final T value) {
    final byte[] root = new byte[32];
    hashTreeRootInto(value, root, 0);
    return Bytes.wrap(root);
  }
}
