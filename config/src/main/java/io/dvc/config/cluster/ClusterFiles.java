package io.dvc.config.cluster;

import io.dvc.config.ClusterConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads (and fully verifies) cluster-definition.json and cluster-lock.json files. */
public final class ClusterFiles {
  public static final String DEFINITION_FILE = "cluster-definition.json";
  public static final String LOCK_FILE = "cluster-lock.json";
  public static final String DEPOSIT_DATA_FILE = "deposit-data.json";

  private ClusterFiles() {}

  /** A loaded definition and its warnings. */
  public record LoadedDefinition(ClusterDefinition definition, List<String> warnings) {}

  /** Reads, parses and validates a cluster-definition.json. */
  public static LoadedDefinition loadDefinition(final Path file) {
    final String name = file.toString();
    final ClusterDefinition definition = ClusterJson.parseDefinition(read(file), name);
    return new LoadedDefinition(definition, DefinitionValidator.validate(definition, name, "$"));
  }

  /** Reads, parses and verifies a cluster-lock.json (hashes, keys, deposits, signatures). */
  public static ClusterLockVerifier.Verified loadLock(final Path file) {
    return loadLock(file, true);
  }

  /**
   * As {@link #loadLock(Path)}; missing operator signatures are only warnings when not required.
   */
  public static ClusterLockVerifier.Verified loadLock(
      final Path file, final boolean requireOperatorSignatures) {
    final String name = file.toString();
    return ClusterLockVerifier.verify(
        ClusterJson.parseLock(read(file), name), name, requireOperatorSignatures);
  }

  static String read(final Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (final IOException e) {
      throw new ClusterConfigException(
          file.toString(),
          "$",
          "cannot read file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
  }
}
