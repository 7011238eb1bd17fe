package io.dvc.config.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dvc.config.ClusterConfigException;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided: the bytes of a cluster-definition.json, read and validated as {@code dvc} reads
 * one ({@link ClusterJson#parseDefinition} then {@link DefinitionValidator#validate}).
 *
 * <p>Contract: the only failure is {@link ClusterConfigException}, whose message is the promised
 * one line {@code FILE: $PATH: reason} with no control characters (a value from the file cannot
 * forge a second line).
 */
class ClusterDefinitionFuzzTest {
  static final String FILE = "cluster-definition.json";

  @FuzzTest
  void hostileDefinition(final byte[] input) {
    final String text = new String(input, StandardCharsets.UTF_8);
    try {
      final ClusterDefinition d = ClusterJson.parseDefinition(text, FILE);
      DefinitionValidator.validate(d, FILE, "$").forEach(ClusterDefinitionFuzzTest::oneLine);
    } catch (final ClusterConfigException e) {
      assertOneLineError(e, FILE);
    }
  }

  static void assertOneLineError(final ClusterConfigException e, final String file) {
    assertThat(e.getMessage()).startsWith(file + ": $");
    assertThat(e.jsonPath()).startsWith("$");
    assertThat(e.getMessage()).isEqualTo(file + ": " + e.jsonPath() + ": " + e.reason());
    oneLine(e.getMessage());
  }

  static void oneLine(final String text) {
    assertThat(text.chars().noneMatch(c -> c < 0x20 || c == 0x7f))
        .as("no control characters in %s", text)
        .isTrue();
  }
}
