package io.dvc.config.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dvc.config.ClusterConfigException;
import io.dvc.config.testing.JsonMutations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change of a deposit-data.json entry (each field changed or removed, each entry removed,
 * sampled byte changes) is refused against the verified golden lock, naming the file and the entry.
 */
class DepositDataMutationTest {
  @TempDir static Path tmp;
  private static ClusterLock lock;

  @BeforeAll
  static void loadLock() throws IOException {
    lock =
        ClusterFiles.loadLock(
                Files.writeString(
                    tmp.resolve("cluster-lock.json"),
                    GoldenFilesTest.resource("cluster-lock.json")))
            .lock();
  }

  private static void assertRejected(final String text, final String expectedPathPrefix)
      throws IOException {
    final Path file = Files.writeString(Files.createTempFile(tmp, "deposit-data", ".json"), text);
    final Throwable thrown = catchThrowable(() -> DepositDataFile.verifyAgainst(file, lock));
    assertThat(thrown).isInstanceOf(ClusterConfigException.class);
    assertThat(thrown.getMessage())
        .startsWith(file + ": " + expectedPathPrefix)
        .doesNotContain("\n");
  }

  @TestFactory
  Stream<DynamicTest> everyFieldChangeOrRemovalIsRefused() throws IOException {
    return JsonMutations.leafAndStructureMutations(
            GoldenFilesTest.resource("deposit-data.json"),
            t -> t.equals("hoodi") ? "holesky" : t + "x")
        .stream()
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.toString(),
                    () -> {
                      final String entry = m.path().substring(0, m.path().indexOf(']') + 1);
                      assertRejected(m.text(), m.path().equals(entry) ? "$" : entry);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> sampledByteChangesAreRefused() throws IOException {
    return JsonMutations.byteMutations(GoldenFilesTest.resource("deposit-data.json"), 200, 3L)
        .stream()
        .map(m -> DynamicTest.dynamicTest(m.toString(), () -> assertRejected(m.text(), "$")));
  }
}
