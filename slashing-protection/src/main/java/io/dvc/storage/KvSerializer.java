package io.dvc.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Converts a typed key or value to the bytes a {@link KvStore} holds, and back. */
public interface KvSerializer<T> {

  byte[] serialize(T value);

  T deserialize(byte[] bytes);

  /** Raw bytes, copied in both directions. */
  KvSerializer<byte[]> BYTES =
      new KvSerializer<>() {
        @Override
        public byte[] serialize(final byte[] value) {
          return value.clone();
        }

        @Override
        public byte[] deserialize(final byte[] bytes) {
          return bytes.clone();
        }
      };

  /** UTF-8 text. */
  KvSerializer<String> UTF8 =
      new KvSerializer<>() {
        @Override
        public byte[] serialize(final String value) {
          return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String deserialize(final byte[] bytes) {
          return new String(bytes, StandardCharsets.UTF_8);
        }
      };

  /** A 4-byte big-endian int. */
  KvSerializer<Integer> INT32 =
      new KvSerializer<>() {
        @Override
        public byte[] serialize(final Integer value) {
          return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
        }

        @Override
        public Integer deserialize(final byte[] bytes) {
          if (bytes.length != Integer.BYTES) {
            throw new StorageException(
                "expected a 4-byte integer but got " + bytes.length + " bytes");
          }
          return ByteBuffer.wrap(bytes).getInt();
        }
      };
}
