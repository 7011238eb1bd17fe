package io.dvc.config.cluster;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dvc.config.ClusterConfigException;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided: the bytes of a cluster-lock.json, read and fully verified as {@code dvc lock
 * verify} does ({@link ClusterJson#parseLock} then {@link ClusterLockVerifier#verify}: hashes,
 * keys, deposits, signatures).
 *
 * <p>Contract: the only failure is {@link ClusterConfigException} with the one-line {@code FILE:
 * $PATH: reason} message and no control characters; warnings are single lines too.
 */
class ClusterLockFuzzTest {
  private static final String FILE = "cluster-lock.json";

  @FuzzTest
  void hostileLock(final byte[] input) {
    final String text = new String(input, StandardCharsets.UTF_8);
    try {
      final ClusterLock lock = ClusterJson.parseLock(text, FILE);
      ClusterLockVerifier.verify(lock, FILE, false)
          .warnings()
          .forEach(ClusterDefinitionFuzzTest::oneLine);
    } catch (final ClusterConfigException e) {
      ClusterDefinitionFuzzTest.assertOneLineError(e, FILE);
    }
  }
}
