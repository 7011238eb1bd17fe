package io.dvc.bls.vectors;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.common.testing.TestVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** EIP-2333 test cases from the ERC: every file and every case is a named test. */
class Erc2333VectorTest {
  @TestFactory
  Stream<DynamicTest> erc2333Vectors() {
    final List<DynamicTest> tests = new ArrayList<>();
    for (final Path file : TestVectors.files(VectorFiles.folder("erc-2333"), ".json")) {
      final String name = VectorFiles.name(file);
      final JsonNode root = VectorFiles.read(file);
      final Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
      while (fields.hasNext()) {
        final Map.Entry<String, JsonNode> field = fields.next();
        final JsonNode value = field.getValue();
        switch (field.getKey()) {
          case "source" -> {}
          case "kdf_tests" -> {
            for (int i = 0; i < value.size(); i++) {
              final JsonNode test = value.get(i);
              tests.add(
                  dynamicTest(
                      name + " kdf_tests[" + i + "]", () -> KeyDerivationChecks.kdfCase(test)));
            }
          }
          case "intermediate" ->
              tests.add(
                  dynamicTest(
                      name + " intermediate", () -> KeyDerivationChecks.intermediateCase(value)));
          case "mnemonic_for_test_case_0" ->
              tests.add(
                  dynamicTest(
                      name + " mnemonic_for_test_case_0",
                      () ->
                          KeyDerivationChecks.mnemonicSeed(
                              value.get("mnemonic").asText(),
                              value.get("passphrase").asText(),
                              root.get("kdf_tests").get(0).get("seed").asText())));
          default ->
              tests.add(
                  dynamicTest(
                      name + " " + field.getKey(),
                      () -> {
                        throw new AssertionError("no runner for section " + field.getKey());
                      }));
        }
      }
    }
    return tests.stream();
  }
}
