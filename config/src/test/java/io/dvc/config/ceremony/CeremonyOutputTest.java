package io.dvc.config.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.operator.OperatorLayout;
import io.dvc.config.testing.TestClusters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audit #10: where and with which modes the ceremony writes, whatever the umask or the path. */
class CeremonyOutputTest {
  @TempDir Path tmp;

  private static String mode(final Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void modesAreSetExplicitlySoNoUmaskMakesADirectoryOrFileWritableByOthers() throws IOException {
    final CeremonyResult result = TestClusters.create(tmp.resolve("cluster"), 4, 1);
    assertThat(mode(result.outputDirectory())).isEqualTo("rwx------");
    assertThat(mode(result.outputDirectory().resolve(ClusterFiles.LOCK_FILE)))
        .isEqualTo("rw-r--r--");
    for (final Path dir : result.operatorDirectories()) {
      assertThat(mode(dir)).as(dir.toString()).isEqualTo("rwx------");
      assertThat(mode(dir.resolve(OperatorLayout.VALIDATOR_KEYS))).isEqualTo("rwx------");
      assertThat(mode(dir.resolve(ClusterFiles.LOCK_FILE))).isEqualTo("rw-r--r--");
      assertThat(mode(OperatorLayout.keystore(dir, 0))).isEqualTo("rw-------");
      assertThat(mode(OperatorLayout.passwordFile(dir, 0))).isEqualTo("rw-------");
    }
  }

  @Test
  void anOutputThatIsASymlinkToAnEmptyDirectoryIsWrittenIntoItsTarget() throws IOException {
    final Path target = Files.createDirectory(tmp.resolve("target"));
    final Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
    TestClusters.create(link, 4, 1);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(target.resolve(ClusterFiles.LOCK_FILE)).isRegularFile();
    assertThat(link.resolve(ClusterFiles.LOCK_FILE)).isRegularFile();
  }

  @Test
  void aDanglingSymlinkAsOutputIsRefusedInOneLine() throws IOException {
    final Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("missing"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestClusters.create(link, 4, 1))
        .isInstanceOf(CeremonyException.class)
        .hasMessageStartingWith(link + ": is a symbolic link whose target does not exist");
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }
}
