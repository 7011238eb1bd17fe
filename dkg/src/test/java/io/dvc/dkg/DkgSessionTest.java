package io.dvc.dkg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.SignatureSet;
import io.dvc.config.ceremony.KdfChoice;
import io.dvc.config.ceremony.OperatorDirectoryWriter;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.ClusterLockVerifier;
import io.dvc.config.cluster.DepositDataFile;
import io.dvc.config.cluster.Deposits;
import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.config.operator.OperatorBundle;
import io.dvc.config.operator.OperatorDirectoryLoader;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DkgSessionTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "n={0} t={1}, {2} validators")
  @CsvSource({"4, 3, 10", "7, 5, 10"})
  void everyOperatorWritesTheSameVerifiedLockAndTheKeysNeedExactlyTShares(
      final int n, final int t, final int validators) throws Exception {
    final InMemoryCeremony ceremony = new InMemoryCeremony(n, t, validators);
    final Map<Integer, DkgOutcome> outcomes = ceremony.run();

    final ClusterLock lock = ((DkgOutcome.Completed) outcomes.get(1)).lock();
    for (int i = 1; i <= n; i++) {
      assertThat(outcomes.get(i)).isInstanceOf(DkgOutcome.Completed.class);
      final DkgOutcome.Completed done = (DkgOutcome.Completed) outcomes.get(i);
      assertThat(done.lock()).isEqualTo(lock);
      assertThat(done.shareIndex()).isEqualTo(i);
    }
    ClusterLockVerifier.verify(lock, "lock");
    assertThat(lock.validators()).hasSize(validators);
    final var forkVersion = lock.definition().network().genesisForkVersion();
    for (final var v : lock.validators()) {
      final SignatureSet set = Deposits.signatureSet(v.depositData(), forkVersion);
      assertThat(Bls.verify(set.publicKey(), set.message(), set.signature())).isTrue();
    }

    // Written like dvc dkg writes them, then read back from disk as dvc run / dvc lock verify do.
    final Map<Integer, Map<Integer, BigInteger>> sharesByValidator = new HashMap<>();
    for (int i = 1; i <= n; i++) {
      final Path keyFile = tmp.resolve("identity-" + i);
      IdentityKeyFile.write(keyFile, secretOf(ceremony, i));
      final DkgOutcome.Completed done = (DkgOutcome.Completed) outcomes.get(i);
      final Path dir =
          OperatorDirectoryWriter.write(
              tmp.resolve("operator-" + i),
              done.lock(),
              done.shares(),
              keyFile,
              KdfChoice.INSECURE_FAST_PBKDF2,
              new SecureRandom());
      done.destroy();
      ClusterFiles.loadLock(dir.resolve(ClusterFiles.LOCK_FILE));
      DepositDataFile.verifyAgainst(dir.resolve(ClusterFiles.DEPOSIT_DATA_FILE), lock);
      final OperatorBundle bundle = OperatorDirectoryLoader.load(dir);
      assertThat(bundle.shareIndex()).isEqualTo(i);
      assertThat(bundle.lock().lockHash()).isEqualTo(lock.lockHash());
      for (final var share : bundle.shares()) {
        sharesByValidator
            .computeIfAbsent(share.validatorIndex(), k -> new TreeMap<>())
            .put(i, share.secretShare().secretKey().toScalar());
      }
      bundle.destroy();
    }
    for (int v = 0; v < validators; v++) {
      final BlsPublicKey key = lock.validators().get(v).distributedPublicKey();
      final Map<Integer, BigInteger> all = sharesByValidator.get(v);
      for (final List<Integer> subset : KeyReconstruction.subsets(n, t)) {
        assertThat(KeyReconstruction.combine(pick(all, subset)))
            .as("validator %d from shares %s", v, subset)
            .isEqualTo(key);
      }
      for (final List<Integer> subset : KeyReconstruction.subsets(n, t - 1)) {
        assertThat(KeyReconstruction.combine(pick(all, subset)))
            .as("validator %d from only %s", v, subset)
            .isNotEqualTo(key);
      }
    }
  }

  static byte[] secretOf(final InMemoryCeremony ceremony, final int index) {
    return ceremony.secrets.get(index - 1);
  }

  private static Map<Integer, BigInteger> pick(
      final Map<Integer, BigInteger> all, final List<Integer> subset) {
    final Map<Integer, BigInteger> out = new TreeMap<>();
    subset.forEach(i -> out.put(i, all.get(i)));
    return out;
  }
}
