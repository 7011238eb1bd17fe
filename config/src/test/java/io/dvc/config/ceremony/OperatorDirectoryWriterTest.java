package io.dvc.config.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.bls.threshold.SecretShare;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.operator.OperatorBundle;
import io.dvc.config.operator.OperatorDirectoryLoader;
import io.dvc.config.operator.OperatorLayout;
import io.dvc.config.operator.ValidatorShare;
import io.dvc.config.testing.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorDirectoryWriterTest {
  @TempDir Path tmp;

  @Test
  void writesADirectoryThatLoadsLikeTheDealersAndLeavesNothingWhenItDoesNotVerify()
      throws Exception {
    final CeremonyResult cluster = TestClusters.create(tmp.resolve("cluster"), 4, 3);
    final Path operator1 = cluster.operatorDirectories().get(0);
    final OperatorBundle bundle = OperatorDirectoryLoader.load(operator1);
    final List<SecretShare> shares =
        bundle.shares().stream().map(ValidatorShare::secretShare).toList();
    final Path out = tmp.resolve("out");
    try {
      final Path written =
          OperatorDirectoryWriter.write(
              out,
              bundle.lock(),
              shares,
              OperatorLayout.identityKey(operator1),
              KdfChoice.INSECURE_FAST_PBKDF2,
              new SecureRandom());
      final OperatorBundle again = OperatorDirectoryLoader.load(written);
      assertThat(again.shareIndex()).isEqualTo(1);
      assertThat(again.lock()).isEqualTo(bundle.lock());
      assertThat(Files.readString(written.resolve(ClusterFiles.LOCK_FILE)))
          .isEqualTo(Files.readString(operator1.resolve(ClusterFiles.LOCK_FILE)));
      again.destroy();

      // operator 2's identity key with operator 1's shares: verification from disk fails
      final Path wrong = tmp.resolve("wrong");
      assertThatThrownBy(
              () ->
                  OperatorDirectoryWriter.write(
                      wrong,
                      bundle.lock(),
                      shares,
                      OperatorLayout.identityKey(cluster.operatorDirectories().get(1)),
                      KdfChoice.INSECURE_FAST_PBKDF2,
                      new SecureRandom()))
          .isInstanceOf(CeremonyException.class)
          .hasMessageStartingWith("verification of the written operator directory failed: ")
          .hasMessageContaining("not the lock's public share 2");
      assertThat(wrong).doesNotExist();
      try (Stream<Path> entries = Files.list(tmp)) {
        assertThat(entries.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("cluster", "out");
      }

      assertThatThrownBy(
              () ->
                  OperatorDirectoryWriter.write(
                      out,
                      bundle.lock(),
                      shares,
                      OperatorLayout.identityKey(operator1),
                      KdfChoice.INSECURE_FAST_PBKDF2,
                      new SecureRandom()))
          .isInstanceOf(CeremonyException.class)
          .hasMessageEndingWith("already exists and is not empty");
    } finally {
      bundle.destroy();
    }
  }
}
