package io.dvc.bls.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.keystore.Eip2335Keystore;
import io.dvc.bls.keystore.KdfParams;
import io.dvc.bls.keystore.KeystorePassword;
import io.dvc.common.bytes.Hex;
import io.dvc.common.testing.TestVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * EIP-2335 test cases: password normalisation, decryption of each keystore, and re-encryption with
 * the same KDF parameters and IV reproducing the keystore's checksum and cipher text exactly.
 */
class Erc2335VectorTest {
  @TestFactory
  Stream<DynamicTest> erc2335Vectors() {
    final Path folder = VectorFiles.folder("erc-2335");
    final JsonNode cases = VectorFiles.read(folder.resolve("test_cases.json")).get("cases");
    final List<DynamicTest> tests = new ArrayList<>();
    final Set<Path> covered = new HashSet<>();
    covered.add(folder.resolve("test_cases.json"));
    for (final JsonNode testCase : cases) {
      final Path keystore = folder.resolve(testCase.get("keystore_file").asText());
      covered.add(keystore);
      tests.add(
          dynamicTest(
              VectorFiles.name(keystore) + " (" + testCase.get("name").asText() + ")",
              () -> checkCase(testCase, keystore)));
    }
    for (final Path file : TestVectors.files(folder, ".json")) {
      if (!covered.contains(file)) {
        tests.add(
            dynamicTest(
                VectorFiles.name(file),
                () -> {
                  throw new AssertionError("no test case refers to " + file);
                }));
      }
    }
    return tests.stream();
  }

  static void checkCase(final JsonNode testCase, final Path file) {
    final String password = testCase.get("password").asText();
    assertThat(Hex.encodeBare(KeystorePassword.normalize(password)))
        .isEqualTo(KeyDerivationChecks.bare(testCase.get("encoded_password").asText()));
    checkKeystore(file, password, testCase.get("secret").asText());
  }

  /** Decrypts the keystore, then re-encrypts and expects the same JSON crypto section. */
  static void checkKeystore(final Path file, final String password, final String secretHex) {
    final Eip2335Keystore keystore = Eip2335Keystore.load(file);
    final BlsSecretKey secret = keystore.decrypt(password);
    assertThat(Hex.encodeBare(secret.toBytes())).isEqualTo(KeyDerivationChecks.bare(secretHex));
    assertThat(keystore.pubkey()).contains(secret.publicKey());

    final JsonNode original = VectorFiles.read(file);
    final KdfParams kdf = keystore.kdf();
    final byte[] iv =
        Hex.decode(original.get("crypto").get("cipher").get("params").get("iv").asText());
    final Eip2335Keystore again =
        Eip2335Keystore.encrypt(
            secret, password, keystore.path(), kdf, iv, keystore.uuid(), keystore.description());
    final JsonNode rewritten = VectorFiles.readString(again.toJson());
    assertThat(rewritten.get("crypto")).isEqualTo(original.get("crypto"));
    assertThat(rewritten.get("pubkey")).isEqualTo(original.get("pubkey"));
    assertThat(rewritten.get("uuid")).isEqualTo(original.get("uuid"));
    assertThat(rewritten.get("path")).isEqualTo(original.get("path"));
  }
}
