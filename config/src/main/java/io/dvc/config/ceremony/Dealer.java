package io.dvc.config.ceremony;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.threshold.KeySplit;
import io.dvc.bls.threshold.SecretShare;
import io.dvc.bls.threshold.ThresholdKeySplitter;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.Deposits;
import io.dvc.config.cluster.DistributedValidator;
import io.dvc.config.cluster.LockHashCalculator;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.DepositData;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Splits the keys and assembles the signed lock, in memory. */
final class Dealer {
  /** The lock and the secret shares behind it (splits in validator order). */
  record Dealt(ClusterLock lock, List<KeySplit> splits) {
    void destroy() {
      splits.forEach(KeySplit::destroy);
    }
  }

  private Dealer() {}

  /**
   * Splits every key into n shares with threshold t, signs each deposit with the whole key, then
   * signs the lock hash with every identity key present and every share.
   *
   * @param identityKeys one per operator, empty for operators that bring their own key
   */
  static Dealt deal(
      final ClusterDefinition definition,
      final List<BlsSecretKey> secretKeys,
      final List<Optional<NodeKey>> identityKeys,
      final SecureRandom random) {
    final ThresholdKeySplitter splitter = new ThresholdKeySplitter(random);
    final Bytes forkVersion = definition.network().genesisForkVersion();
    final List<KeySplit> splits = new ArrayList<>(secretKeys.size());
    final List<DistributedValidator> validators = new ArrayList<>(secretKeys.size());
    try {
      for (final BlsSecretKey secretKey : secretKeys) {
        final KeySplit split =
            splitter.split(secretKey, definition.threshold(), definition.operatorCount());
        splits.add(split);
        final DepositData deposit =
            Deposits.sign(
                secretKey,
                definition.withdrawalCredentials(),
                definition.depositAmountGwei(),
                forkVersion);
        validators.add(
            new DistributedValidator(
                secretKey.publicKey(),
                split.publicShares().stream().map(p -> p.publicKey()).toList(),
                split.commitments().commitments(),
                deposit));
      }
      final Bytes lockHash =
          LockHashCalculator.lockHash(ClusterLock.VERSION, definition, validators);
      final List<Optional<Bytes>> signatures =
          identityKeys.stream()
              .map(k -> k.map(key -> Bytes.of(key.sign(lockHash.toArray()))))
              .toList();
      final ClusterLock lock =
          new ClusterLock(
              ClusterLock.VERSION,
              definition,
              validators,
              lockHash,
              signatures,
              aggregateShareSignature(splits, lockHash));
      return new Dealt(lock, splits);
    } catch (final RuntimeException e) {
      splits.forEach(KeySplit::destroy);
      throw e;
    }
  }

  private static BlsSignature aggregateShareSignature(
      final List<KeySplit> splits, final Bytes lockHash) {
    final byte[] message = lockHash.toArray();
    final List<BlsSignature> signatures = new ArrayList<>();
    for (final KeySplit split : splits) {
      for (final SecretShare share : split.shares()) {
        signatures.add(share.secretKey().sign(message));
      }
    }
    return Bls.aggregate(signatures);
  }
}
