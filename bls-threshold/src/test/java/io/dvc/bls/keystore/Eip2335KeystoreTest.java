package io.dvc.bls.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.bls.BlsSecretKey;
import io.dvc.common.bytes.Hex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Eip2335KeystoreTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Cheap parameters so the tests stay fast; the vectors cover the real costs. */
  private static final KdfParams FAST_PBKDF2 = new KdfParams.Pbkdf2(32, 16, new byte[32]);

  private static final KdfParams FAST_SCRYPT = new KdfParams.Scrypt(32, 16, 8, 1, new byte[32]);

  @TempDir Path folder;

  private final BlsSecretKey key = BlsSecretKey.random(RANDOM);

  private Eip2335Keystore keystore(final KdfParams kdf) {
    return Eip2335Keystore.encrypt(
        key, "correct horse", "m/12381/3600/0/0/0", kdf, new byte[16], UUID.randomUUID(), "test");
  }

  @Test
  void writtenKeystoreReadsBackWithBothKdfs() {
    for (final KdfParams kdf : new KdfParams[] {FAST_PBKDF2, FAST_SCRYPT}) {
      final Path file = folder.resolve(kdf.function() + ".json");
      keystore(kdf).write(file);

      final Eip2335Keystore loaded = Eip2335Keystore.load(file);
      assertThat(loaded.decrypt("correct horse")).isEqualTo(key);
      assertThat(loaded.pubkey()).contains(key.publicKey());
      assertThat(loaded.path()).isEqualTo("m/12381/3600/0/0/0");
      assertThat(loaded.kdf()).isEqualTo(kdf);
    }
  }

  @Test
  void wrongPasswordGivesOneLineNamingTheFile() {
    final Path file = folder.resolve("keystore-0.json");
    keystore(FAST_PBKDF2).write(file);

    assertThatThrownBy(() -> Eip2335Keystore.load(file).decrypt("wrong horse"))
        .isInstanceOf(KeystoreException.class)
        .hasMessage(
            "keystore " + file + ": wrong password or corrupted keystore (checksum mismatch)")
        .hasNoCause();
  }

  @Test
  void passwordControlCharactersAreIgnored() {
    final Path file = folder.resolve("keystore-1.json");
    keystore(FAST_PBKDF2).write(file);

    assertThat(Eip2335Keystore.load(file).decrypt("correct\u0007 horse\u007f\u0085"))
        .isEqualTo(key);
  }

  @Test
  void corruptKeystoresNameTheFileAndTheCause() throws Exception {
    final String good = keystore(FAST_PBKDF2).toJson();
    assertCorrupt("{not json", "not valid JSON");
    assertCorrupt(good.replace("\"version\" : 4", "\"version\" : 3"), "unsupported version 3");
    assertCorrupt(good.replace("aes-128-ctr", "aes-256-gcm"), "unsupported crypto.cipher.function");
    assertCorrupt(good.replace("\"pbkdf2\"", "\"argon2\""), "unsupported crypto.kdf.function");
    assertCorrupt(good.replace("\"iv\" : \"", "\"iv\" : \"zz"), "crypto.cipher.params.iv");
    assertCorrupt(good.replace("\"checksum\"", "\"checksumX\""), "crypto.checksum");
    final String cipherHex = Hex.encodeBare(keystore(FAST_PBKDF2).cipherMessage());
    final String flipped = (cipherHex.charAt(0) == '0' ? "1" : "0") + cipherHex.substring(1);
    final Path tampered = folder.resolve("tampered.json");
    Files.writeString(tampered, good.replace(cipherHex, flipped));
    assertThatThrownBy(() -> Eip2335Keystore.load(tampered).decrypt("correct horse"))
        .hasMessage(
            "keystore " + tampered + ": wrong password or corrupted keystore (checksum mismatch)");
    assertThatThrownBy(() -> Eip2335Keystore.load(folder.resolve("missing.json")))
        .isInstanceOf(KeystoreException.class)
        .hasMessageStartingWith(
            "keystore " + folder.resolve("missing.json") + ": cannot read file");
  }

  private void assertCorrupt(final String json, final String cause) throws Exception {
    final Path file = Files.createTempFile(folder, "corrupt", ".json");
    Files.writeString(file, json);
    assertThatThrownBy(() -> Eip2335Keystore.load(file).decrypt("correct horse"))
        .isInstanceOf(KeystoreException.class)
        .hasMessageStartingWith("keystore " + file + ": ")
        .hasMessageContaining(cause)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void mismatchedPubkeyIsReported() {
    final String other = BlsSecretKey.random(RANDOM).publicKey().toHex().substring(2);
    final String json =
        keystore(FAST_PBKDF2).toJson().replace(key.publicKey().toHex().substring(2), other);
    assertThatThrownBy(() -> Eip2335Keystore.parse(json, "k.json").decrypt("correct horse"))
        .hasMessage("keystore k.json: decrypted key does not match the keystore's pubkey");
  }

  @Test
  void keystoreTextNeverContainsTheSecretOrPassword() {
    final Eip2335Keystore keystore = keystore(FAST_PBKDF2);
    final String secretHex = Hex.encodeBare(key.toBytes());
    assertThat(keystore.toJson()).doesNotContain(secretHex).doesNotContain("correct horse");
    assertThat(keystore.toString()).doesNotContain(secretHex);
  }
}
