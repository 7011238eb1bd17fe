package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.bls.BlsPublicKey;
import io.dvc.spec.ssz.Json;
import io.dvc.spec.ssz.SszException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads {@code --validator-pubkeys}: a JSON array of 0x-hex BLS public keys (48 bytes each). */
public final class ValidatorKeysFile {
  private ValidatorKeysFile() {}

  /**
   * Parses the file; every key must be a valid, distinct BLS public key.
   *
   * @throws IllegalArgumentException naming the file, the entry and the reason
   */
  public static List<BlsPublicKey> read(final Path file) {
    final String text;
    try {
      text = Files.readString(file);
    } catch (final IOException e) {
      throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    return parse(file.toString(), text);
  }

  static List<BlsPublicKey> parse(final String name, final String text) {
    final JsonNode json;
    try {
      json = Json.parse(text);
    } catch (final SszException e) {
      throw new IllegalArgumentException(name + ": not valid JSON", e);
    }
    if (json == null || !json.isArray()) {
      throw new IllegalArgumentException(name + ": expected a JSON array of 0x-hex public keys");
    }
    final List<BlsPublicKey> keys = new ArrayList<>();
    final Set<BlsPublicKey> seen = new HashSet<>();
    for (int i = 0; i < json.size(); i++) {
      final JsonNode entry = json.get(i);
      final BlsPublicKey key;
      try {
        if (!entry.isTextual()) {
          throw new IllegalArgumentException("not a string");
        }
        key = BlsPublicKey.fromHex(entry.textValue());
      } catch (final IllegalArgumentException e) {
        throw new IllegalArgumentException(
            name + ": entry " + i + " is not a 48-byte 0x-hex public key (" + e.getMessage() + ")");
      }
      if (!key.isValid()) {
        throw new IllegalArgumentException(
            name + ": entry " + i + " is not a valid BLS public key: " + key);
      }
      if (!seen.add(key)) {
        throw new IllegalArgumentException(name + ": entry " + i + " repeats public key " + key);
      }
      keys.add(key);
    }
    return List.copyOf(keys);
  }
}
