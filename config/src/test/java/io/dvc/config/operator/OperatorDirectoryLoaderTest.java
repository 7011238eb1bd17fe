package io.dvc.config.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dvc.config.ClusterConfigException;
import io.dvc.config.ceremony.CeremonyResult;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.testing.JsonMutations;
import io.dvc.config.testing.TestClusters;
import io.dvc.p2p.crypto.NodeKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class OperatorDirectoryLoaderTest {
  @TempDir static Path shared;
  @TempDir Path tmp;
  private static CeremonyResult cluster;
  private static CeremonyResult otherCluster;

  /**
   * Keystore metadata EIP-2335 does not authenticate (free text, identifiers, empty "message" and
   * "params" placeholders): changing it does not change the key, so no loader can notice. Every
   * other field is covered.
   */
  private static final List<String> UNAUTHENTICATED =
      List.of(
          "$.description", "$.uuid", "$.path", "$.crypto.kdf.message", "$.crypto.checksum.params");

  /** Keys whose values are authenticated (for byte mutations). */
  private static final List<String> AUTHENTICATED_KEYS =
      List.of(
          "\"function\" : ",
          "\"c\" : ",
          "\"dklen\" : ",
          "\"prf\" : ",
          "\"salt\" : ",
          "\"iv\" : ",
          "\"message\" : \"",
          "\"pubkey\" : ");

  private static boolean authenticated(final String path) {
    return UNAUTHENTICATED.stream().noneMatch(path::startsWith);
  }

  private static boolean inAuthenticatedValue(final String keystore, final int at) {
    for (final String key : AUTHENTICATED_KEYS) {
      int from = keystore.indexOf(key);
      while (from >= 0) {
        final int valueStart = from + key.length();
        final int valueEnd = keystore.indexOf('\n', valueStart);
        final boolean empty =
            keystore.startsWith("\"\"", valueStart) || keystore.startsWith("\",", valueStart);
        if (at >= valueStart && at < valueEnd && !empty) {
          return true;
        }
        from = keystore.indexOf(key, from + 1);
      }
    }
    return false;
  }

  @BeforeAll
  static void makeClusters() {
    cluster = TestClusters.create(shared.resolve("c1"), 4, 2);
    otherCluster = TestClusters.create(shared.resolve("c2"), 4, 2);
  }

  private Path copyOfOperator(final int index) throws IOException {
    final Path source = cluster.operatorDirectories().get(index - 1);
    final Path target = tmp.resolve("op" + System.nanoTime());
    try (Stream<Path> files = Files.walk(source)) {
      for (final Path file : files.toList()) {
        Files.copy(
            file,
            target.resolve(source.relativize(file).toString()),
            StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return target;
  }

  private static String failure(final Path dir) {
    final Throwable thrown = catchThrowable(() -> OperatorDirectoryLoader.load(dir));
    assertThat(thrown).isInstanceOfAny(OperatorConfigException.class, ClusterConfigException.class);
    assertThat(thrown.getMessage()).doesNotContain("\n");
    return thrown.getMessage();
  }

  @Test
  void loadsSharesInLockOrderWithTheOperatorsShareIndex() {
    final OperatorBundle bundle =
        OperatorDirectoryLoader.load(cluster.operatorDirectories().get(2));
    assertThat(bundle.shareIndex()).isEqualTo(3);
    assertThat(bundle.operator().name()).isEqualTo("operator-3");
    assertThat(bundle.shares()).extracting(ValidatorShare::validatorIndex).containsExactly(0, 1);
    for (final ValidatorShare share : bundle.shares()) {
      assertThat(share.secretShare().secretKey().publicKey())
          .isEqualTo(bundle.lock().validators().get(share.validatorIndex()).publicShare(3));
    }
    assertThat(bundle.toString())
        .doesNotContain(bundle.shares().get(0).secretShare().secretKey().toScalar().toString(16));
    bundle.destroy();
  }

  @Test
  void missingShare() throws IOException {
    final Path dir = copyOfOperator(1);
    Files.delete(OperatorLayout.keystore(dir, 1));
    assertThat(failure(dir))
        .isEqualTo(OperatorLayout.keystore(dir, 1) + ": missing share keystore of validator 1");
  }

  @Test
  void missingPasswordFile() throws IOException {
    final Path dir = copyOfOperator(1);
    Files.delete(OperatorLayout.passwordFile(dir, 0));
    assertThat(failure(dir))
        .isEqualTo(OperatorLayout.passwordFile(dir, 0) + ": missing password file of validator 0");
  }

  @Test
  void wrongPassword() throws IOException {
    final Path dir = copyOfOperator(2);
    Files.writeString(OperatorLayout.passwordFile(dir, 0), "not-the-password\n");
    assertThat(failure(dir))
        .isEqualTo(
            "keystore "
                + OperatorLayout.keystore(dir, 0)
                + ": wrong password or corrupted keystore (checksum mismatch)");
  }

  @Test
  void keystoreOfAnotherOperator() throws IOException {
    final Path dir = copyOfOperator(1);
    final Path other = cluster.operatorDirectories().get(1);
    Files.copy(
        OperatorLayout.keystore(other, 0),
        OperatorLayout.keystore(dir, 0),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        OperatorLayout.passwordFile(other, 0),
        OperatorLayout.passwordFile(dir, 0),
        StandardCopyOption.REPLACE_EXISTING);
    assertThat(failure(dir))
        .startsWith(OperatorLayout.keystore(dir, 0) + ": decrypts to 0x")
        .contains("not the lock's public share 1 of validator 0");
  }

  @Test
  void missingIdentityKey() throws IOException {
    final Path dir = copyOfOperator(1);
    Files.delete(OperatorLayout.identityKey(dir));
    assertThat(failure(dir)).isEqualTo(OperatorLayout.identityKey(dir) + ": missing identity key");
  }

  @Test
  void inconsistentLockFromAnotherCluster() throws IOException {
    final Path dir = copyOfOperator(1);
    Files.copy(
        otherCluster.operatorDirectories().get(0).resolve(ClusterFiles.LOCK_FILE),
        dir.resolve(ClusterFiles.LOCK_FILE),
        StandardCopyOption.REPLACE_EXISTING);
    assertThat(failure(dir))
        .startsWith(OperatorLayout.identityKey(dir) + ": peer id 16Uiu2")
        .endsWith(" is not an operator of " + dir.resolve(ClusterFiles.LOCK_FILE));
  }

  @Test
  void identityKeyOfAnotherNode() throws IOException {
    final Path dir = copyOfOperator(1);
    Files.delete(OperatorLayout.identityKey(dir));
    final byte[] secret = new byte[32];
    secret[31] = 7;
    IdentityKeyFile.write(OperatorLayout.identityKey(dir), secret);
    assertThat(failure(dir))
        .contains(NodeKey.fromSecretBytes(secret).peerId() + " is not an operator of");
  }

  @Test
  void tamperedLock() throws IOException {
    final Path dir = copyOfOperator(1);
    final Path lock = dir.resolve(ClusterFiles.LOCK_FILE);
    Files.writeString(
        lock,
        Files.readString(lock).replace("\"name\" : \"operator-2\"", "\"name\" : \"operator-X\""));
    assertThat(failure(dir)).startsWith(lock + ": $.lock_hash: does not match the lock content");
  }

  @Test
  void exposedIdentityKeyIsAWarning() throws IOException {
    final Path dir = copyOfOperator(1);
    Files.setPosixFilePermissions(
        OperatorLayout.identityKey(dir),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    final OperatorBundle bundle = OperatorDirectoryLoader.load(dir);
    assertThat(bundle.warnings())
        .containsExactly(
            OperatorLayout.identityKey(dir)
                + ": warning: readable or writable by group or others (chmod 600)");
    bundle.destroy();
  }

  @Test
  void passwordFilesReadableByOthersAreAWarning() throws IOException {
    final Path dir = copyOfOperator(1);
    for (final int v : new int[] {0, 1}) {
      Files.setPosixFilePermissions(
          OperatorLayout.passwordFile(dir, v),
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
    final OperatorBundle bundle = OperatorDirectoryLoader.load(dir);
    assertThat(bundle.warnings())
        .containsExactly(
            OperatorLayout.passwordFile(dir, 0)
                + ": warning: readable or writable by group or others (chmod 600);"
                + " so are 1 other password file");
    bundle.destroy();
  }

  @Test
  void ownerOnlyPasswordFilesGiveNoWarning() {
    final OperatorBundle bundle =
        OperatorDirectoryLoader.load(cluster.operatorDirectories().get(1));
    assertThat(bundle.warnings()).isEmpty();
    bundle.destroy();
  }

  @TestFactory
  Stream<DynamicTest> everyAuthenticatedKeystoreFieldChangeIsRejected() throws IOException {
    final String keystore =
        Files.readString(OperatorLayout.keystore(cluster.operatorDirectories().get(0), 1));
    final List<JsonMutations.Mutation> mutations =
        JsonMutations.leafAndStructureMutations(
            keystore, t -> t.equals("pbkdf2") ? "scrypt" : t + "x");
    return mutations.stream()
        .filter(m -> authenticated(m.path()))
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.toString(),
                    () -> {
                      final Path dir = copyOfOperator(1);
                      Files.writeString(OperatorLayout.keystore(dir, 1), m.text());
                      assertThat(failure(dir)).contains(OperatorLayout.keystore(dir, 1).toString());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> sampledByteChangesOfTheKeystoreCryptoAndPubkeyAreRejected()
      throws IOException {
    final String keystore =
        Files.readString(OperatorLayout.keystore(cluster.operatorDirectories().get(0), 1));
    return JsonMutations.byteMutations(keystore, 400, 11L).stream()
        .filter(m -> inAuthenticatedValue(keystore, Integer.parseInt(m.path().substring(5))))
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.toString(),
                    () -> {
                      final Path dir = copyOfOperator(1);
                      Files.writeString(OperatorLayout.keystore(dir, 1), m.text());
                      assertThat(failure(dir)).contains(OperatorLayout.keystore(dir, 1).toString());
                    }));
  }
}
