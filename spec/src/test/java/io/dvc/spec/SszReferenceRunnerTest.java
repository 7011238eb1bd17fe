package io.dvc.spec;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.common.testing.TestVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference runner itself: it passes a good case and fails unknown types and wrong roots. */
class SszReferenceRunnerTest {
  @TempDir Path tempDir;

  private Path copyCase(final String fork, final String type, final boolean retype)
      throws IOException {
    final Path source = TestVectors.folder("ssz").resolve("phase0/Checkpoint/case_1.json");
    final Path target = tempDir.resolve(fork).resolve(type).resolve("case_1.json");
    Files.createDirectories(target.getParent());
    String text = Files.readString(source);
    if (retype) {
      text = text.replace("phase0.Checkpoint", fork + "." + type);
    }
    Files.writeString(target, text);
    return target;
  }

  @Test
  void goodCasePasses() throws IOException {
    final Path file = copyCase("phase0", "Checkpoint", false);
    assertThatCode(() -> SszReferenceTest.runCase(tempDir, file)).doesNotThrowAnyException();
  }

  @Test
  void unknownTypeFails() throws IOException {
    final Path file = copyCase("electra", "NoSuchType", true);
    assertThatThrownBy(() -> SszReferenceTest.runCase(tempDir, file))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("unknown type electra.NoSuchType");
  }

  @Test
  void wrongHashTreeRootFails() throws IOException {
    final Path source = TestVectors.folder("ssz").resolve("phase0/Checkpoint/case_1.json");
    final String text = Files.readString(source);
    final String root = io.dvc.spec.ssz.Json.parse(text).get("hash_tree_root").textValue();
    final String flipped =
        root.substring(0, 2) + (root.charAt(2) == '0' ? '1' : '0') + root.substring(3);
    final Path file = tempDir.resolve("phase0/Checkpoint/case_1.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text.replace(root, flipped));
    assertThatThrownBy(() -> SszReferenceTest.runCase(tempDir, file))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("hash_tree_root");
  }
}
