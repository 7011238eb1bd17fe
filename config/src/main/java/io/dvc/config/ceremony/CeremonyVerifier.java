package io.dvc.config.ceremony;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.threshold.ThresholdAggregator;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.ClusterLockVerifier;
import io.dvc.config.cluster.DepositDataFile;
import io.dvc.config.cluster.DistributedValidator;
import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.config.operator.OperatorConfigException;
import io.dvc.config.operator.OperatorDirectoryLoader;
import io.dvc.config.operator.OperatorLayout;
import io.dvc.config.operator.ValidatorShare;
import io.dvc.p2p.crypto.NodeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks what the ceremony wrote, from disk, before it is moved into place: the lock verifies
 * completely (once; every operator's copy must be byte-identical to it), each identity key is its
 * operator's, each share keystore decrypts to its public share, every t-subset of the shares of a
 * sample of validators combines to the distributed key, and every deposit-data.json matches the
 * verified lock.
 */
final class CeremonyVerifier {
  static final int SAMPLED_VALIDATORS = 4;
  static final int MAX_SUBSETS_PER_VALIDATOR = 70;

  private CeremonyVerifier() {}

  static List<String> verify(
      final Path root,
      final List<Path> operatorDirs,
      final ClusterLock expected,
      final SecureRandom random) {
    final int n = operatorDirs.size();
    final boolean allSigned = expected.operatorSignatures().stream().allMatch(Optional::isPresent);
    final Path rootLock = root.resolve(ClusterFiles.LOCK_FILE);
    final ClusterLockVerifier.Verified verified = ClusterFiles.loadLock(rootLock, allSigned);
    final ClusterLock lock = verified.lock();
    if (!lock.lockHash().equals(expected.lockHash())) {
      throw new CeremonyException(rootLock + ": lock hash differs from the lock dealt");
    }
    final List<Integer> sample = sampleValidators(expected.validators().size(), random);
    final Map<Integer, Map<Integer, BlsPublicKey>> sampledShares = new HashMap<>();
    for (int i = 0; i < n; i++) {
      final Path dir = operatorDirs.get(i);
      sameBytes(dir.resolve(ClusterFiles.LOCK_FILE), rootLock);
      checkIdentity(dir, lock, i + 1);
      final List<ValidatorShare> shares = OperatorDirectoryLoader.loadShares(dir, lock, i + 1);
      try {
        for (final int v : sample) {
          sampledShares
              .computeIfAbsent(v, k -> new HashMap<>())
              .put(i + 1, shares.get(v).secretShare().secretKey().publicKey());
        }
      } finally {
        shares.forEach(ValidatorShare::destroy);
      }
      DepositDataFile.verifyAgainst(dir.resolve(ClusterFiles.DEPOSIT_DATA_FILE), lock);
    }
    DepositDataFile.verifyAgainst(root.resolve(ClusterFiles.DEPOSIT_DATA_FILE), lock);
    final int t = expected.definition().threshold();
    for (final int v : sample) {
      checkSubsets(expected.validators().get(v), v, sampledShares.get(v), n, t, random);
    }
    return verified.warnings();
  }

  /** Each operator's lock must be the verified top-level lock, byte for byte. */
  private static void sameBytes(final Path file, final Path verified) {
    try {
      if (Files.mismatch(file, verified) != -1) {
        throw new CeremonyException(file + ": differs from the verified " + verified);
      }
    } catch (final java.io.IOException e) {
      throw new CeremonyException(file + ": cannot read (" + e + ")");
    }
  }

  /** A written identity key must be that of operator {@code shareIndex}. */
  private static void checkIdentity(final Path dir, final ClusterLock lock, final int shareIndex) {
    final Path keyFile = OperatorLayout.identityKey(dir);
    if (!Files.exists(keyFile)) {
      if (lock.operatorSignatures().get(shareIndex - 1).isPresent()) {
        throw new CeremonyException(keyFile + ": missing identity key");
      }
      return;
    }
    final NodeKey key = IdentityKeyFile.read(keyFile);
    try {
      if (!key.peerId().equals(lock.definition().operators().get(shareIndex - 1).peerId())) {
        throw new CeremonyException(
            keyFile + ": is not the identity key of operator " + shareIndex);
      }
    } finally {
      key.destroy();
    }
  }

  private static List<Integer> sampleValidators(final int count, final SecureRandom random) {
    final List<Integer> all = new ArrayList<>();
    for (int v = 0; v < count; v++) {
      all.add(v);
    }
    java.util.Collections.shuffle(all, random);
    return List.copyOf(all.subList(0, Math.min(SAMPLED_VALIDATORS, count)));
  }

  private static void checkSubsets(
      final DistributedValidator validator,
      final int index,
      final Map<Integer, BlsPublicKey> shares,
      final int n,
      final int t,
      final SecureRandom random) {
    for (final List<Integer> subset : Subsets.of(n, t, MAX_SUBSETS_PER_VALIDATOR, random)) {
      final Map<Integer, BlsPublicKey> chosen = new HashMap<>();
      subset.forEach(i -> chosen.put(i, shares.get(i)));
      if (!ThresholdAggregator.recoverPublicKey(chosen).equals(validator.distributedPublicKey())) {
        throw new OperatorConfigException(
            "validator " + index + ": shares " + subset + " do not combine to the distributed key");
      }
    }
  }
}
