package io.dvc.config.ceremony;

import io.dvc.bls.keystore.Eip2335Keystore;
import io.dvc.bls.threshold.SecretShare;
import io.dvc.common.bytes.Hex;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterJson;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.DepositDataFile;
import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.config.operator.OperatorLayout;
import io.dvc.config.operator.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Writes a dealt cluster into a (temporary) directory: the lock, cluster definition and
 * deposit-data.json at the top, and one directory per operator. Only encrypted keystores, their
 * password files and identity keys (mode 0600) hold secrets.
 */
final class CeremonyWriter {
  private CeremonyWriter() {}

  /** One operator directory to write: its name, identity key (if made here) and share index. */
  record OperatorOutput(String directoryName, int shareIndex, Optional<byte[]> identitySecret) {}

  static List<Path> write(
      final Path root,
      final Dealer.Dealt dealt,
      final List<OperatorOutput> operators,
      final KdfChoice kdf,
      final SecureRandom random)
      throws IOException {
    final ClusterLock lock = dealt.lock();
    final String lockJson = ClusterJson.writeLock(lock);
    final String depositJson = DepositDataFile.write(lock);
    SecretFiles.writePublic(root.resolve(ClusterFiles.LOCK_FILE), lockJson);
    SecretFiles.writePublic(
        root.resolve(ClusterFiles.DEFINITION_FILE), ClusterJson.writeDefinition(lock.definition()));
    SecretFiles.writePublic(root.resolve(ClusterFiles.DEPOSIT_DATA_FILE), depositJson);
    final List<Path> directories = new ArrayList<>();
    for (final OperatorOutput operator : operators) {
      final Path dir = SecretFiles.createOwnerOnlyDirectory(root.resolve(operator.directoryName()));
      directories.add(dir);
      SecretFiles.writePublic(dir.resolve(ClusterFiles.LOCK_FILE), lockJson);
      SecretFiles.writePublic(dir.resolve(ClusterFiles.DEPOSIT_DATA_FILE), depositJson);
      if (operator.identitySecret().isPresent()) {
        IdentityKeyFile.write(OperatorLayout.identityKey(dir), operator.identitySecret().get());
      }
      SecretFiles.createOwnerOnlyDirectory(dir.resolve(OperatorLayout.VALIDATOR_KEYS));
      final int shareIndex = operator.shareIndex();
      writeKeystores(
          dir, lock, dealt.splits().stream().map(s -> s.share(shareIndex)).toList(), kdf, random);
    }
    return directories;
  }

  /**
   * Writes one operator directory's files (lock, deposit data, keystores and their passwords; not
   * the identity key) into the existing directory {@code dir}.
   */
  static void writeOperator(
      final Path dir,
      final ClusterLock lock,
      final List<SecretShare> shares,
      final KdfChoice kdf,
      final SecureRandom random)
      throws IOException {
    Files.writeString(
        dir.resolve(ClusterFiles.LOCK_FILE), ClusterJson.writeLock(lock), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve(ClusterFiles.DEPOSIT_DATA_FILE),
        DepositDataFile.write(lock),
        StandardCharsets.UTF_8);
    SecretFiles.createOwnerOnlyDirectory(dir.resolve(OperatorLayout.VALIDATOR_KEYS));
    writeKeystores(dir, lock, shares, kdf, random);
  }

  private static void writeKeystores(
      final Path dir,
      final ClusterLock lock,
      final List<SecretShare> shares,
      final KdfChoice kdf,
      final SecureRandom random) {
    final int n = lock.definition().operatorCount();
    try {
      IntStream.range(0, shares.size())
          .parallel()
          .forEach(v -> writeKeystore(dir, lock, v, shares.get(v), n, kdf, random));
    } catch (final UncheckedIOException e) {
      throw new CeremonyException(
          "cannot write keystores in " + dir + " (" + e.getCause() + ")", e);
    }
  }

  private static void writeKeystore(
      final Path dir,
      final ClusterLock lock,
      final int validator,
      final SecretShare share,
      final int n,
      final KdfChoice kdf,
      final SecureRandom random) {
    final int shareIndex = share.index();
    final byte[] passwordBytes = new byte[32];
    final byte[] iv = new byte[16];
    random.nextBytes(passwordBytes);
    random.nextBytes(iv);
    final String password = Hex.encodeBare(passwordBytes);
    final Eip2335Keystore keystore =
        Eip2335Keystore.encrypt(
            share.secretKey(),
            password,
            "",
            kdf.params(random),
            iv,
            uuid(random),
            "dvc share "
                + shareIndex
                + " of "
                + n
                + " of validator "
                + lock.validators().get(validator).distributedPublicKey().toHex());
    try {
      SecretFiles.writeOwnerOnly(OperatorLayout.passwordFile(dir, validator), password + "\n");
      SecretFiles.writeOwnerOnly(OperatorLayout.keystore(dir, validator), keystore.toJson());
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      java.util.Arrays.fill(passwordBytes, (byte) 0);
    }
  }

  /** A random version-4 UUID from the given generator. */
  private static UUID uuid(final SecureRandom random) {
    final long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    final long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
