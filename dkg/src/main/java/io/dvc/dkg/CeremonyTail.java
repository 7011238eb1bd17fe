package io.dvc.dkg;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.threshold.CombineAndVerify;
import io.dvc.config.ClusterConfigException;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.ClusterLockVerifier;
import io.dvc.config.cluster.DistributedValidator;
import io.dvc.config.cluster.LockHashCalculator;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.DepositData;
import io.dvc.spec.types.DepositMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ceremony after the keys exist: deposit messages signed with the shares and combined, the lock
 * content and its hash, and the final lock from every operator's signatures.
 */
final class CeremonyTail {
  private CeremonyTail() {}

  /** The deposit signing root of every validator (DOMAIN_DEPOSIT, genesis fork version). */
  static List<Bytes> depositRoots(
      final ClusterDefinition definition, final List<KeyAssembly.ValidatorKeys> keys) {
    final List<Bytes> roots = new ArrayList<>(keys.size());
    for (final KeyAssembly.ValidatorKeys k : keys) {
      roots.add(
          SigningRoots.depositSigningRoot(
              depositMessage(definition, k.distributedKey()),
              definition.network().genesisForkVersion()));
    }
    return roots;
  }

  private static DepositMessage depositMessage(
      final ClusterDefinition definition, final BlsPublicKey key) {
    return new DepositMessage(
        Bytes.of(key.toBytes()),
        definition.withdrawalCredentials(),
        definition.depositAmountGwei());
  }

  /** A checked value, or the fault that prevented it (exactly one is non-null). */
  record Checked<T>(T value, Adjudication.Fault fault) {
    static <T> Checked<T> ok(final T value) {
      return new Checked<>(value, null);
    }

    static <T> Checked<T> fault(final String reason, final Set<Integer> culprits) {
      return new Checked<>(null, new Adjudication.Fault(reason, culprits));
    }
  }

  /**
   * Combines every validator's deposit partials (share index → partials in validator order) into
   * the deposit signature and batch-verifies them against the distributed keys; a bad partial (or a
   * wrong number of them) names its sender.
   */
  static Checked<List<BlsSignature>> combineDeposits(
      final DkgSettings settings,
      final List<KeyAssembly.ValidatorKeys> keys,
      final List<Bytes> roots,
      final Map<Integer, DkgMessage.DepositPartials> partialsByOperator) {
    final ClusterDefinition definition = settings.definition();
    for (final Map.Entry<Integer, DkgMessage.DepositPartials> e : partialsByOperator.entrySet()) {
      if (e.getValue().partials().size() != keys.size()) {
        return Checked.fault(
            settings.describe(e.getKey())
                + " sent "
                + e.getValue().partials().size()
                + " deposit partials for "
                + keys.size()
                + " validators",
            Set.of(e.getKey()));
      }
    }
    final List<CombineAndVerify.Request> requests = new ArrayList<>(keys.size());
    for (int v = 0; v < keys.size(); v++) {
      final Map<Integer, BlsPublicKey> publicShares = new HashMap<>();
      final Map<Integer, BlsSignature> partials = new HashMap<>();
      for (int i = 1; i <= definition.operatorCount(); i++) {
        publicShares.put(i, keys.get(v).publicShares().get(i - 1));
        partials.put(i, partialsByOperator.get(i).partials().get(v));
      }
      requests.add(
          new CombineAndVerify.Request(
              keys.get(v).distributedKey(),
              definition.threshold(),
              publicShares,
              roots.get(v).toArray(),
              partials));
    }
    final List<CombineAndVerify.Result> results = CombineAndVerify.combineAndVerify(requests);
    final Set<Integer> bad = new TreeSet<>();
    final List<BlsSignature> signatures = new ArrayList<>(keys.size());
    int failed = -1;
    for (int v = 0; v < results.size(); v++) {
      bad.addAll(results.get(v).badShareIndices());
      if (results.get(v).isVerified()) {
        signatures.add(results.get(v).signature().get());
      } else if (failed < 0) {
        failed = v;
      }
    }
    if (!bad.isEmpty()) {
      return Checked.fault(
          String.join(", ", bad.stream().map(settings::describe).toList())
              + " sent invalid deposit partial signatures",
          bad);
    }
    if (failed >= 0) {
      return Checked.fault(
          "the deposit signature of validator " + failed + " does not verify", Set.of());
    }
    return Checked.ok(signatures);
  }

  /**
   * The final lock from every operator's {@link DkgMessage.LockSignatures}: each must carry our
   * lock hash, a valid identity-key signature and a valid aggregate share signature; the lock must
   * then pass {@link ClusterLockVerifier}.
   */
  static Checked<ClusterLock> lock(
      final DkgSettings settings,
      final List<DistributedValidator> validators,
      final Optional<Bytes> predecessorLockHash,
      final Bytes lockHash,
      final Map<Integer, DkgMessage.LockSignatures> byOperator) {
    final List<Optional<Bytes>> signatures = new ArrayList<>();
    final List<BlsSignature> aggregates = new ArrayList<>();
    for (final Map.Entry<Integer, DkgMessage.LockSignatures> e : byOperator.entrySet()) {
      final int i = e.getKey();
      final DkgMessage.LockSignatures l = e.getValue();
      if (!l.lockHash().equals(lockHash)) {
        return Checked.fault(
            settings.describe(i)
                + " computed lock hash "
                + l.lockHash().toHex()
                + ", we computed "
                + lockHash.toHex(),
            Set.of(i));
      }
      if (!DealChecks.signedBy(settings, i, lockHash, l.operatorSignature())
          || !shareAggregateValid(validators, i, lockHash, l.shareAggregate())) {
        return Checked.fault(settings.describe(i) + " sent an invalid lock signature", Set.of(i));
      }
      signatures.add(Optional.of(l.operatorSignature()));
      aggregates.add(l.shareAggregate());
    }
    final ClusterLock lock =
        new ClusterLock(
            ClusterLock.versionFor(predecessorLockHash),
            settings.definition(),
            validators,
            lockHash,
            signatures,
            Bls.aggregate(aggregates),
            predecessorLockHash);
    try {
      ClusterLockVerifier.verify(lock, "DKG lock");
    } catch (final ClusterConfigException e) {
      return Checked.fault("the assembled lock does not verify: " + e.getMessage(), Set.of());
    }
    return Checked.ok(lock);
  }

  /** The lock's validators from the keys and the combined deposit signatures. */
  static List<DistributedValidator> validators(
      final ClusterDefinition definition,
      final List<KeyAssembly.ValidatorKeys> keys,
      final List<BlsSignature> depositSignatures) {
    final List<DistributedValidator> out = new ArrayList<>(keys.size());
    for (int v = 0; v < keys.size(); v++) {
      final KeyAssembly.ValidatorKeys k = keys.get(v);
      final DepositMessage m = depositMessage(definition, k.distributedKey());
      out.add(
          new DistributedValidator(
              k.distributedKey(),
              k.publicShares(),
              k.commitments().commitments(),
              new DepositData(
                  m.pubkey(),
                  m.withdrawalCredentials(),
                  m.amount(),
                  Bytes.of(depositSignatures.get(v).toBytes()))));
    }
    return out;
  }

  /** The lock hash; a reshared lock names its predecessor (and has the version for that). */
  static Bytes lockHash(
      final ClusterDefinition definition,
      final List<DistributedValidator> validators,
      final Optional<Bytes> predecessorLockHash) {
    return LockHashCalculator.lockHash(
        ClusterLock.versionFor(predecessorLockHash), definition, validators, predecessorLockHash);
  }

  /** The aggregate BLS signature over the lock hash by every public share of one operator. */
  private static boolean shareAggregateValid(
      final List<DistributedValidator> validators,
      final int operator,
      final Bytes lockHash,
      final BlsSignature aggregate) {
    final List<BlsPublicKey> shares =
        validators.stream().map(v -> v.publicShare(operator)).toList();
    return Bls.fastAggregateVerify(shares, lockHash.toArray(), aggregate);
  }
}
