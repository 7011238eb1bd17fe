package io.dvc.config.operator;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.keystore.Eip2335Keystore;
import io.dvc.bls.keystore.KeystoreException;
import io.dvc.bls.threshold.SecretShare;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.ClusterLockVerifier;
import io.dvc.config.cluster.DistributedValidator;
import io.dvc.p2p.crypto.NodeKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads one operator directory written by {@code dvc create-cluster} into an {@link
 * OperatorBundle}: verifies the lock completely, finds this operator by its identity key's peer id,
 * decrypts each validator's share keystore with its password file and checks that it is the lock's
 * public share for this operator. Fails with one line on the first problem.
 */
public final class OperatorDirectoryLoader {
  private static final int DKLEN = 32;

  private OperatorDirectoryLoader() {}

  /**
   * Loads and verifies an operator directory.
   *
   * @throws io.dvc.config.ClusterConfigException when the lock is invalid (names file, JSON path)
   * @throws OperatorConfigException when the identity key or a share is missing, wrong or does not
   *     decrypt (names the file)
   */
  public static OperatorBundle load(final Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new OperatorConfigException(directory + ": not a directory");
    }
    final Path lockFile = directory.resolve(ClusterFiles.LOCK_FILE);
    requireFile(lockFile, "cluster lock");
    final ClusterLockVerifier.Verified verified = ClusterFiles.loadLock(lockFile);
    final Path keyFile = OperatorLayout.identityKey(directory);
    requireFile(keyFile, "identity key");
    final List<String> warnings = new ArrayList<>(verified.warnings());
    try {
      if (SecretFiles.isExposed(keyFile)) {
        warnings.add(keyFile + ": warning: readable or writable by group or others (chmod 600)");
      }
    } catch (final IOException e) {
      throw new OperatorConfigException(keyFile + ": cannot read permissions (" + e + ")");
    }
    final NodeKey identityKey = IdentityKeyFile.read(keyFile);
    final ClusterLock lock = verified.lock();
    final int shareIndex =
        lock.shareIndexOf(identityKey.peerId())
            .orElseThrow(
                () -> {
                  identityKey.destroy();
                  return new OperatorConfigException(
                      keyFile
                          + ": peer id "
                          + identityKey.peerId()
                          + " is not an operator of "
                          + lockFile);
                });
    try {
      exposedPasswordFiles(directory, lock.validators().size()).ifPresent(warnings::add);
      return new OperatorBundle(
          directory,
          lock,
          shareIndex,
          identityKey,
          loadShares(directory, lock, shareIndex),
          warnings);
    } catch (final RuntimeException e) {
      identityKey.destroy();
      throw e;
    }
  }

  /**
   * One warning for all password files that group or others may read or write (the first one named,
   * so that thousands of validators make one line), or empty.
   */
  static java.util.Optional<String> exposedPasswordFiles(final Path directory, final int count) {
    Path first = null;
    int exposed = 0;
    for (int v = 0; v < count; v++) {
      final Path file = OperatorLayout.passwordFile(directory, v);
      try {
        if (Files.isRegularFile(file) && SecretFiles.isExposed(file)) {
          exposed++;
          first = first == null ? file : first;
        }
      } catch (final IOException e) {
        throw new OperatorConfigException(file + ": cannot read permissions (" + e + ")");
      }
    }
    if (exposed == 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        first
            + ": warning: readable or writable by group or others (chmod 600)"
            + (exposed > 1
                ? "; so are " + (exposed - 1) + " other password file" + (exposed > 2 ? "s" : "")
                : ""));
  }

  /**
   * Decrypts this operator's share of every validator of a (verified) lock, in lock order.
   *
   * @throws OperatorConfigException naming the keystore or password file at fault
   */
  public static List<ValidatorShare> loadShares(
      final Path directory, final ClusterLock lock, final int shareIndex) {
    final List<ValidatorShare> shares = new ArrayList<>(lock.validators().size());
    try {
      for (int v = 0; v < lock.validators().size(); v++) {
        shares.add(loadShare(directory, lock.validators().get(v), v, shareIndex));
      }
      return shares;
    } catch (final RuntimeException e) {
      shares.forEach(ValidatorShare::destroy);
      throw e;
    }
  }

  private static ValidatorShare loadShare(
      final Path directory,
      final DistributedValidator validator,
      final int index,
      final int shareIndex) {
    final Path keystoreFile = OperatorLayout.keystore(directory, index);
    final Path passwordFile = OperatorLayout.passwordFile(directory, index);
    requireFile(keystoreFile, "share keystore of validator " + index);
    requireFile(passwordFile, "password file of validator " + index);
    final String password;
    try {
      password = SecretFiles.readPassword(passwordFile);
    } catch (final IOException e) {
      throw new OperatorConfigException(
          passwordFile + ": cannot read password (" + e.getClass().getSimpleName() + ")");
    }
    final BlsSecretKey secret;
    try {
      final Eip2335Keystore keystore = Eip2335Keystore.load(keystoreFile);
      if (keystore.pubkey().isEmpty()) {
        throw new OperatorConfigException(
            keystoreFile + ": has no pubkey (dvc share keystores carry it)");
      }
      if (keystore.kdf().dklen() != DKLEN) {
        throw new OperatorConfigException(
            keystoreFile + ": kdf dklen is " + keystore.kdf().dklen() + ", not " + DKLEN);
      }
      secret = keystore.decrypt(password);
    } catch (final KeystoreException e) {
      throw new OperatorConfigException(e.getMessage());
    }
    final BlsPublicKey expected = validator.publicShare(shareIndex);
    if (!secret.publicKey().equals(expected)) {
      secret.destroy();
      throw new OperatorConfigException(
          keystoreFile
              + ": decrypts to "
              + secret.publicKey().toHex()
              + ", not the lock's public share "
              + shareIndex
              + " of validator "
              + index
              + " ("
              + expected.toHex()
              + ")");
    }
    return new ValidatorShare(
        index, validator.distributedPublicKey(), new SecretShare(shareIndex, secret));
  }

  private static void requireFile(final Path file, final String what) {
    if (!Files.isRegularFile(file)) {
      throw new OperatorConfigException(file + ": missing " + what);
    }
  }
}
