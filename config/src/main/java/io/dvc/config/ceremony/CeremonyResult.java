package io.dvc.config.ceremony;

import io.dvc.config.cluster.ClusterLock;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A finished ceremony: the output directory, one directory per operator (in share-index order), the
 * verified lock, the warnings, and the generated mnemonic when one was generated (show it once; it
 * is written nowhere).
 */
public record CeremonyResult(
    Path outputDirectory,
    List<Path> operatorDirectories,
    ClusterLock lock,
    List<String> warnings,
    Optional<String> generatedMnemonic) {
  public CeremonyResult {
    operatorDirectories = List.copyOf(operatorDirectories);
    warnings = List.copyOf(warnings);
  }

  @Override
  public String toString() {
    return "CeremonyResult["
        + outputDirectory
        + ", "
        + operatorDirectories.size()
        + " operators, "
        + lock.validators().size()
        + " validators]";
  }
}
