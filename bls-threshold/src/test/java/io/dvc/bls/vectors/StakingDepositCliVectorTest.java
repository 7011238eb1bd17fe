package io.dvc.bls.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.bls.keys.Bip39;
import io.dvc.common.bytes.Hex;
import io.dvc.common.testing.TestVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ethereum/staking-deposit-cli key handling vectors: keystores, the EIP-2333 tree KDF (with
 * intermediate values) and the BIP-39 mnemonic table (Trezor vectors, passphrase "TREZOR").
 */
class StakingDepositCliVectorTest {
  /** The password and secret of staking-deposit-cli's keystore test vectors (as in EIP-2335). */
  private static final String KEYSTORE_PASSWORD = "𝔱𝔢𝔰𝔱𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡🔑";

  private static final String KEYSTORE_SECRET =
      "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
  private static final String MNEMONIC_PASSPHRASE = "TREZOR";

  @TestFactory
  Stream<DynamicTest> stakingDepositCliVectors() {
    final List<DynamicTest> tests = new ArrayList<>();
    for (final Path file : TestVectors.files(VectorFiles.folder("staking-deposit-cli"), ".json")) {
      final String name = VectorFiles.name(file);
      final String fileName = file.getFileName().toString();
      if (file.getParent().getFileName().toString().equals("keystore_test_vectors")) {
        tests.add(
            dynamicTest(
                name,
                () -> Erc2335VectorTest.checkKeystore(file, KEYSTORE_PASSWORD, KEYSTORE_SECRET)));
      } else if (fileName.equals("tree_kdf.json")) {
        final JsonNode cases = VectorFiles.read(file).get("kdf_tests");
        for (int i = 0; i < cases.size(); i++) {
          final JsonNode test = cases.get(i);
          tests.add(
              dynamicTest(name + " kdf_tests[" + i + "]", () -> KeyDerivationChecks.kdfCase(test)));
        }
      } else if (fileName.equals("tree_kdf_intermediate.json")) {
        tests.add(dynamicTest(name, () -> intermediate(VectorFiles.read(file))));
      } else if (fileName.equals("mnemonic.json")) {
        tests.addAll(mnemonicTests(name, VectorFiles.read(file)));
      } else {
        tests.add(
            dynamicTest(
                name,
                () -> {
                  throw new AssertionError("no runner for vector file " + file);
                }));
      }
    }
    return tests.stream();
  }

  private static void intermediate(final JsonNode test) {
    KeyDerivationChecks.mnemonicSeed(
        test.get("mnemonic").asText(), test.get("password").asText(), test.get("seed").asText());
    KeyDerivationChecks.intermediateCase(test);
  }

  private static List<DynamicTest> mnemonicTests(final String name, final JsonNode languages) {
    final List<DynamicTest> tests = new ArrayList<>();
    final Iterator<Map.Entry<String, JsonNode>> it = languages.fields();
    while (it.hasNext()) {
      final Map.Entry<String, JsonNode> language = it.next();
      final JsonNode rows = language.getValue();
      for (int i = 0; i < rows.size(); i++) {
        final JsonNode row = rows.get(i);
        final boolean english = language.getKey().equals("english");
        tests.add(
            dynamicTest(
                name + " " + language.getKey() + "[" + i + "]", () -> mnemonicRow(row, english)));
      }
    }
    return tests;
  }

  /** Row: entropy, mnemonic, seed, BIP-32 xprv (the xprv is outside BIP-39 and not checked). */
  private static void mnemonicRow(final JsonNode row, final boolean english) {
    final byte[] entropy = Hex.decode(row.get(0).asText());
    final String mnemonic = row.get(1).asText();
    KeyDerivationChecks.mnemonicSeed(mnemonic, MNEMONIC_PASSPHRASE, row.get(2).asText());
    if (english) {
      assertThat(Bip39.entropyToMnemonic(entropy)).isEqualTo(mnemonic);
      assertThat(Bip39.mnemonicToEntropy(mnemonic)).isEqualTo(entropy);
      assertThat(Bip39.isValid(mnemonic)).isTrue();
    }
  }
}
