package io.dvc.config.ceremony;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.threshold.ThresholdAggregator;
import io.dvc.config.ClusterConfigException;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.DepositDataFile;
import io.dvc.config.cluster.DistributedValidator;
import io.dvc.config.operator.OperatorBundle;
import io.dvc.config.operator.OperatorConfigException;
import io.dvc.config.operator.OperatorDirectoryLoader;
import io.dvc.config.operator.OperatorLayout;
import io.dvc.config.operator.ValidatorShare;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks what the ceremony wrote, from disk, before it is moved into place: every operator
 * directory loads (lock verifies, identity key matches, each share keystore decrypts to its public
 * share), every t-subset of the shares of a sample of validators combines to the distributed key,
 * and every deposit-data.json matches the verified lock.
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
    final List<String> warnings = new ArrayList<>();
    final int n = operatorDirs.size();
    final int validators = expected.validators().size();
    final List<Integer> sample = sampleValidators(validators, random);
    final Map<Integer, Map<Integer, BlsPublicKey>> sampledShares = new HashMap<>();
    for (int i = 0; i < n; i++) {
      final Path dir = operatorDirs.get(i);
      final List<ValidatorShare> shares = loadOperator(dir, i + 1, expected, warnings);
      try {
        for (final int v : sample) {
          sampledShares
              .computeIfAbsent(v, k -> new HashMap<>())
              .put(i + 1, shares.get(v).secretShare().secretKey().publicKey());
        }
      } finally {
        shares.forEach(ValidatorShare::destroy);
      }
      DepositDataFile.verifyAgainst(dir.resolve(ClusterFiles.DEPOSIT_DATA_FILE), expected);
    }
    DepositDataFile.verifyAgainst(root.resolve(ClusterFiles.DEPOSIT_DATA_FILE), expected);
    final int t = expected.definition().threshold();
    for (final int v : sample) {
      checkSubsets(expected.validators().get(v), v, sampledShares.get(v), n, t, random);
    }
    return warnings;
  }

  private static List<ValidatorShare> loadOperator(
      final Path dir,
      final int shareIndex,
      final ClusterLock expected,
      final List<String> warnings) {
    if (Files.exists(OperatorLayout.identityKey(dir))) {
      final OperatorBundle bundle = OperatorDirectoryLoader.load(dir);
      bundle.identityKey().destroy();
      if (bundle.shareIndex() != shareIndex
          || !bundle.lock().lockHash().equals(expected.lockHash())) {
        bundle.destroy();
        throw new CeremonyException(
            dir + ": loads as share index " + bundle.shareIndex() + ", expected " + shareIndex);
      }
      if (shareIndex == 1) {
        warnings.addAll(bundle.warnings());
      }
      return bundle.shares();
    }
    final var verified = ClusterFiles.loadLock(dir.resolve(ClusterFiles.LOCK_FILE), false);
    if (!verified.lock().lockHash().equals(expected.lockHash())) {
      throw new ClusterConfigException(
          dir.resolve(ClusterFiles.LOCK_FILE).toString(),
          "$.lock_hash",
          "differs from the lock dealt");
    }
    if (shareIndex == 1) {
      warnings.addAll(verified.warnings());
    }
    return OperatorDirectoryLoader.loadShares(dir, verified.lock(), shareIndex);
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
