package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.bls.BlsSecretKey;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatorKeysFileTest {
  @TempDir Path dir;

  private static String key(final int scalar) {
    return BlsSecretKey.fromScalar(BigInteger.valueOf(scalar)).publicKey().toHex();
  }

  @Test
  void readsKeysInOrder() throws Exception {
    final Path file = dir.resolve("keys.json");
    Files.writeString(file, "[\"" + key(7) + "\", \"" + key(8) + "\"]");
    assertThat(ValidatorKeysFile.read(file))
        .extracting(Object::toString)
        .containsExactly(key(7), key(8));
  }

  @Test
  void refusesBadFilesWithOneLineNamingTheEntry() throws Exception {
    assertThatThrownBy(() -> ValidatorKeysFile.parse("k.json", "{}"))
        .hasMessage("k.json: expected a JSON array of 0x-hex public keys");
    assertThatThrownBy(() -> ValidatorKeysFile.parse("k.json", "[\"" + key(7) + "\", 5]"))
        .hasMessageStartingWith("k.json: entry 1 is not a 48-byte 0x-hex public key");
    assertThatThrownBy(() -> ValidatorKeysFile.parse("k.json", "[\"0x" + "ab".repeat(48) + "\"]"))
        .hasMessageStartingWith("k.json: entry 0 is not a valid BLS public key");
    assertThatThrownBy(
            () -> ValidatorKeysFile.parse("k.json", "[\"" + key(7) + "\",\"" + key(7) + "\"]"))
        .hasMessageStartingWith("k.json: entry 1 repeats public key");
    assertThatThrownBy(() -> ValidatorKeysFile.parse("k.json", "[\"0x12\""))
        .hasMessage("k.json: not valid JSON");
    assertThatThrownBy(() -> ValidatorKeysFile.read(dir.resolve("missing.json")))
        .hasMessageContaining("missing.json: cannot read");
  }
}
