package io.dvc.bls.vectors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvc.common.testing.TestVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;

/** JSON reading helpers shared by the vector runners. */
final class VectorFiles {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

  private VectorFiles() {}

  static Path folder(final String name) {
    return TestVectors.folder(name);
  }

  static JsonNode read(final Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot read vector file " + file, e);
    }
  }

  static JsonNode readString(final String json) {
    try {
      return MAPPER.readTree(json);
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot parse JSON", e);
    }
  }

  /** The test name: the file's path below the vector root. */
  static String name(final Path file) {
    return TestVectors.root().relativize(file).toString();
  }

  /** An integer written either as a JSON number or as a decimal string. */
  static BigInteger integer(final JsonNode node) {
    return node.isTextual() ? new BigInteger(node.asText()) : node.bigIntegerValue();
  }
}
