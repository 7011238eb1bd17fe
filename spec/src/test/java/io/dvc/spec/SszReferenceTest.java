package io.dvc.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.common.bytes.Hex;
import io.dvc.common.testing.TestVectors;
import io.dvc.spec.ssz.ContainerType;
import io.dvc.spec.ssz.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The SSZ reference vectors: {@code <vectors>/ssz/<fork>/<Type>/case_*.json}. For each case, JSON
 * to object to SSZ equals {@code serialized}, hash_tree_root equals {@code hash_tree_root}, and SSZ
 * to object to JSON equals {@code value}. A type this module does not know fails.
 */
class SszReferenceTest {

  @TestFactory
  Stream<DynamicNode> sszVectors() {
    final Path root = TestVectors.folder("ssz");
    return TestVectors.files(root, ".json").stream()
        .filter(file -> file.getFileName().toString().startsWith("case_"))
        .map(file -> caseTest(root, file));
  }

  private static DynamicNode caseTest(final Path root, final Path file) {
    final Path relative = root.relativize(file);
    return DynamicTest.dynamicTest(relative.toString(), file.toUri(), () -> runCase(root, file));
  }

  @SuppressWarnings("unchecked")
  static void runCase(final Path root, final Path file) throws IOException {
    final Path relative = root.relativize(file);
    final ForkName fork = ForkName.fromJsonName(relative.getName(0).toString());
    final String typeName = relative.getName(1).toString();
    final ContainerType<Object> type =
        (ContainerType<Object>)
            Schemas.MAINNET
                .type(fork, typeName)
                .orElseThrow(
                    () -> new AssertionError("unknown type " + fork.jsonName() + "." + typeName));
    final JsonNode vector = Json.parse(Files.readString(file));
    assertThat(vector.get("type").textValue()).isEqualTo(fork.jsonName() + "." + typeName);
    final Object fromJson = type.fromJson(vector.get("value"));
    assertThat(Hex.encode(type.serialize(fromJson)))
        .as("serialized")
        .isEqualTo(vector.get("serialized").textValue());
    assertThat(type.hashTreeRoot(fromJson).toHex())
        .as("hash_tree_root")
        .isEqualTo(vector.get("hash_tree_root").textValue());
    final Object fromSsz = type.deserialize(Hex.decode(vector.get("serialized").textValue()));
    assertThat(fromSsz).isEqualTo(fromJson);
    assertThat(lowerHex(type.toJson(fromSsz))).as("value").isEqualTo(lowerHex(vector.get("value")));
  }

  /**
   * Execution addresses arrive in EIP-55 mixed case and we write lower case: the comparison is
   * case-insensitive for hex strings only.
   */
  private static JsonNode lowerHex(final JsonNode json) {
    final String text = json.toString();
    final StringBuilder lowered = new StringBuilder(text.length());
    final java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"0x[0-9a-fA-F]*\"").matcher(text);
    while (m.find()) {
      m.appendReplacement(lowered, m.group().toLowerCase(java.util.Locale.ROOT));
    }
    m.appendTail(lowered);
    return Json.parse(lowered.toString());
  }
}
