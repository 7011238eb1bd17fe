package io.dvc.config.ceremony;

import io.dvc.bls.threshold.SecretShare;
import io.dvc.config.ClusterConfigException;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.DepositDataFile;
import io.dvc.config.operator.OperatorBundle;
import io.dvc.config.operator.OperatorConfigException;
import io.dvc.config.operator.OperatorDirectoryLoader;
import io.dvc.config.operator.OperatorLayout;
import io.dvc.config.operator.SecretFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * Writes the directory of one operator, the same layout as each operator directory of {@link
 * DealerCeremony} (identity key, lock, deposit data, one EIP-2335 keystore and password file per
 * validator), for ceremonies in which every operator makes only its own directory ({@code dvc
 * dkg}). Atomic like the dealer ceremony: written to a hidden temporary directory beside the
 * output, loaded back and verified from disk exactly as {@code dvc run} loads it (lock, identity
 * key, every share against its public share) plus the deposit data, then renamed into place; on any
 * failure nothing is left behind.
 */
public final class OperatorDirectoryWriter {
  private OperatorDirectoryWriter() {}

  /**
   * @param output the operator directory to create (must not exist or be empty)
   * @param lock the complete, signed lock
   * @param shares this operator's share of every validator, in lock order
   * @param identityKeyFile the operator's identity-key file, copied into the directory (mode 0600)
   * @return the written directory
   * @throws CeremonyException with a one-line reason; the output is then left as it was
   */
  public static Path write(
      final Path output,
      final ClusterLock lock,
      final List<SecretShare> shares,
      final Path identityKeyFile,
      final KdfChoice kdf,
      final SecureRandom random) {
    final Path target = output.toAbsolutePath().normalize();
    DealerCeremony.checkOutput(target);
    if (shares.size() != lock.validators().size()) {
      throw new CeremonyException(
          "got " + shares.size() + " shares for " + lock.validators().size() + " validators");
    }
    final Path temp = DealerCeremony.createTemp(target);
    boolean moved = false;
    try {
      SecretFiles.writeOwnerOnly(
          OperatorLayout.identityKey(temp),
          Files.readString(identityKeyFile, StandardCharsets.UTF_8));
      CeremonyWriter.writeOperator(temp, lock, shares, kdf, random);
      verify(temp, lock, shares.get(0).index());
      DealerCeremony.moveIntoPlace(temp, target);
      moved = true;
      return target;
    } catch (final IOException e) {
      throw new CeremonyException(
          target + ": cannot write (" + DealerCeremony.describe(e) + ")", e);
    } catch (final ClusterConfigException | OperatorConfigException e) {
      throw new CeremonyException(
          "verification of the written operator directory failed: " + e.getMessage(), e);
    } finally {
      if (!moved) {
        DealerCeremony.deleteTree(temp);
      }
    }
  }

  private static void verify(final Path dir, final ClusterLock lock, final int shareIndex) {
    final OperatorBundle bundle = OperatorDirectoryLoader.load(dir);
    try {
      if (!bundle.lock().lockHash().equals(lock.lockHash())) {
        throw new CeremonyException(dir + ": written lock differs from the ceremony's lock");
      }
      if (bundle.shareIndex() != shareIndex) {
        throw new CeremonyException(
            OperatorLayout.identityKey(dir)
                + ": is the key of operator "
                + bundle.shareIndex()
                + ", the shares are of operator "
                + shareIndex);
      }
    } finally {
      bundle.destroy();
    }
    DepositDataFile.verifyAgainst(dir.resolve(ClusterFiles.DEPOSIT_DATA_FILE), lock);
  }
}
