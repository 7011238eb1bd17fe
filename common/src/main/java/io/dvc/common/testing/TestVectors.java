package io.dvc.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the conformance vector folder. Runners read it from the system property {@code
 * dvc.vectors} (default {@code ../shared/vectors} from the project root); a relative value is
 * resolved against the project root ({@code dvc.projectRoot}). A missing folder is an error, never
 * a silent skip.
 */
public final class TestVectors {
  public static final String PROPERTY = "dvc.vectors";

  private TestVectors() {}

  /** The root vector folder; fails when it does not exist. */
  public static Path root() {
    final Path projectRoot = Paths.get(System.getProperty("dvc.projectRoot", ".")).toAbsolutePath();
    final String configured = System.getProperty(PROPERTY);
    final Path root =
        configured == null || configured.isBlank()
            ? projectRoot.resolve("../shared/vectors")
            : projectRoot.resolve(configured);
    return requireDirectory(root.normalize());
  }

  /** A sub-folder of the vector root (for example {@code "bls12-381-tests"}); must exist. */
  public static Path folder(final String relative) {
    return requireDirectory(root().resolve(relative));
  }

  /** All regular files under a folder with the given suffix, sorted by path; fails when none. */
  public static List<Path> files(final Path folder, final String suffix) {
    try (Stream<Path> walk = Files.walk(folder)) {
      final List<Path> files =
          walk.filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().endsWith(suffix))
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new IllegalStateException("no " + suffix + " vector files under " + folder);
      }
      return files;
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot list vector folder " + folder, e);
    }
  }

  private static Path requireDirectory(final Path path) {
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException(
          "vector folder " + path + " does not exist (set -D" + PROPERTY + "=DIR)");
    }
    return path;
  }
}
