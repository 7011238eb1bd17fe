package io.dvc.config.cluster;

import io.dvc.config.ClusterConfigException;
import io.dvc.config.operator.SecretFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** Writes a new cluster-definition.json after checking every rule. */
public final class DefinitionFile {
  private DefinitionFile() {}

  /**
   * Validates the definition and writes it to a new file (mode 0644); refuses an existing file.
   * Nothing is written when a rule is broken.
   *
   * @return the warnings (e.g. a threshold other than the recommended one)
   * @throws ClusterConfigException naming the file, the JSON path and the reason
   */
  public static List<String> create(final Path file, final ClusterDefinition definition) {
    final String name = file.toString();
    final List<String> warnings = DefinitionValidator.validate(definition, name, "$");
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new ClusterConfigException(name, "$", "already exists; refusing to overwrite it");
    }
    final String json = ClusterJson.writeDefinition(definition);
    // What is written must read back as the same definition (no field lost on the way).
    ClusterJson.parseDefinition(json, name);
    try {
      SecretFiles.writePublic(file, json);
    } catch (final IOException e) {
      try {
        Files.deleteIfExists(file);
      } catch (final IOException ignored) {
        // The write failed before creating it.
      }
      throw new ClusterConfigException(
          name, "$", "cannot write (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
    return warnings;
  }
}
