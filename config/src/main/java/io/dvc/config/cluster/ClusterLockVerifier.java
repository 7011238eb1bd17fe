package io.dvc.config.cluster;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.SignatureSet;
import io.dvc.bls.threshold.FeldmanCommitments;
import io.dvc.bls.threshold.ThresholdAggregator;
import io.dvc.config.ClusterConfigException;
import io.dvc.p2p.crypto.Secp256k1PublicKey;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.SszException;
import io.dvc.spec.types.DepositData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Verifies a cluster lock completely: definition rules, every validator's keys (public shares
 * consistent with the Feldman commitments and with the distributed key), deposits (fields and
 * signatures), the lock hash, every operator's signature and the aggregate BLS signature. Errors
 * are {@link ClusterConfigException}s naming the file, the JSON path and the reason.
 */
public final class ClusterLockVerifier {
  private ClusterLockVerifier() {}

  /** A verified lock and the warnings found on the way. */
  public record Verified(ClusterLock lock, List<String> warnings) {
    public Verified {
      warnings = List.copyOf(warnings);
    }
  }

  /** Verifies everything; {@code file} names the lock in errors. */
  public static Verified verify(final ClusterLock lock, final String file) {
    return verify(lock, file, true);
  }

  /**
   * Verifies everything; with {@code requireOperatorSignatures} false, a missing (null) operator
   * signature is a warning instead of an error (a lock whose operators brought their own identity
   * keys and have not signed yet); a present but wrong one is always an error.
   */
  public static Verified verify(
      final ClusterLock lock, final String file, final boolean requireOperatorSignatures) {
    final ClusterDefinition d = lock.definition();
    final List<String> warnings =
        new ArrayList<>(DefinitionValidator.validate(d, file, "$.definition"));
    if (lock.validators().size() != d.numValidators()) {
      throw new ClusterConfigException(
          file,
          "$.distributed_validators",
          "has "
              + lock.validators().size()
              + " validators but $.definition.num_validators is "
              + d.numValidators());
    }
    final Map<BlsPublicKey, Integer> seen = new HashMap<>();
    for (int i = 0; i < lock.validators().size(); i++) {
      final String path = "$.distributed_validators[" + i + "]";
      final DistributedValidator v = lock.validators().get(i);
      final Integer previous = seen.putIfAbsent(v.distributedPublicKey(), i);
      if (previous != null) {
        throw new ClusterConfigException(
            file,
            path + ".distributed_public_key",
            "duplicate of $.distributed_validators[" + previous + "].distributed_public_key");
      }
      checkKeys(v, d, file, path);
      checkDepositFields(v, d, file, path + ".deposit_data");
    }
    checkDepositSignatures(lock, file);
    final Bytes lockHash = computeLockHash(lock, file);
    if (!lockHash.equals(lock.lockHash())) {
      throw new ClusterConfigException(
          file,
          "$.lock_hash",
          "does not match the lock content (computed " + lockHash.toHex() + ")");
    }
    warnings.addAll(checkOperatorSignatures(lock, file, requireOperatorSignatures));
    checkAggregateSignature(lock, file);
    return new Verified(lock, warnings);
  }

  private static Bytes computeLockHash(final ClusterLock lock, final String file) {
    try {
      return LockHashCalculator.lockHash(lock);
    } catch (final SszException e) {
      throw new ClusterConfigException(file, "$", "exceeds an SSZ limit (" + e.getMessage() + ")");
    }
  }

  private static void checkKeys(
      final DistributedValidator v,
      final ClusterDefinition d,
      final String file,
      final String path) {
    valid(v.distributedPublicKey(), file, path + ".distributed_public_key");
    if (v.publicShares().size() != d.operatorCount()) {
      throw new ClusterConfigException(
          file,
          path + ".public_shares",
          "has " + v.publicShares().size() + " shares for " + d.operatorCount() + " operators");
    }
    if (v.feldmanCommitments().size() != d.threshold()) {
      throw new ClusterConfigException(
          file,
          path + ".feldman_commitments",
          "has " + v.feldmanCommitments().size() + " commitments for threshold " + d.threshold());
    }
    for (int k = 0; k < v.feldmanCommitments().size(); k++) {
      valid(v.feldmanCommitments().get(k), file, path + ".feldman_commitments[" + k + "]");
    }
    if (!v.feldmanCommitments().get(0).equals(v.distributedPublicKey())) {
      throw new ClusterConfigException(
          file, path + ".feldman_commitments[0]", "is not the distributed public key");
    }
    final FeldmanCommitments commitments = new FeldmanCommitments(v.feldmanCommitments());
    for (int j = 0; j < v.publicShares().size(); j++) {
      final String sharePath = path + ".public_shares[" + j + "]";
      valid(v.publicShares().get(j), file, sharePath);
      if (!commitments.publicShare(j + 1).publicKey().equals(v.publicShares().get(j))) {
        throw new ClusterConfigException(
            file,
            sharePath,
            "does not match the Feldman commitments (share index " + (j + 1) + ")");
      }
    }
    final Map<Integer, BlsPublicKey> firstT = new TreeMap<>();
    for (int j = 1; j <= d.threshold(); j++) {
      firstT.put(j, v.publicShare(j));
    }
    if (!ThresholdAggregator.recoverPublicKey(firstT).equals(v.distributedPublicKey())) {
      throw new ClusterConfigException(
          file, path + ".public_shares", "do not combine to the distributed public key");
    }
  }

  private static void valid(final BlsPublicKey key, final String file, final String path) {
    if (!key.isValid()) {
      throw new ClusterConfigException(file, path, "is not a valid BLS12-381 G1 public key");
    }
  }

  private static void checkDepositFields(
      final DistributedValidator v,
      final ClusterDefinition d,
      final String file,
      final String path) {
    final DepositData deposit = v.depositData();
    if (!deposit.pubkey().equals(Bytes.of(v.distributedPublicKey().toBytes()))) {
      throw new ClusterConfigException(
          file, path + ".pubkey", "is not the validator's distributed public key");
    }
    if (!deposit.withdrawalCredentials().equals(d.withdrawalCredentials())) {
      throw new ClusterConfigException(
          file,
          path + ".withdrawal_credentials",
          "does not match the definition's withdrawal address and type ("
              + d.withdrawalCredentials().toHex()
              + ")");
    }
    if (deposit.amount() != d.depositAmountGwei()) {
      throw new ClusterConfigException(
          file,
          path + ".amount",
          deposit.amount()
              + " differs from $.definition.deposit_amount_gwei "
              + d.depositAmountGwei());
    }
  }

  /** One batch for all deposit signatures; if it fails, finds the first bad one. */
  private static void checkDepositSignatures(final ClusterLock lock, final String file) {
    final Bytes forkVersion = lock.definition().network().genesisForkVersion();
    final List<SignatureSet> sets =
        lock.validators().stream()
            .map(v -> Deposits.signatureSet(v.depositData(), forkVersion))
            .toList();
    if (sets.isEmpty() || Bls.batchVerify(sets)) {
      return;
    }
    for (int i = 0; i < sets.size(); i++) {
      final SignatureSet set = sets.get(i);
      if (!Bls.verify(set.publicKey(), set.message(), set.signature())) {
        throw new ClusterConfigException(
            file,
            "$.distributed_validators[" + i + "].deposit_data.signature",
            "is not a valid deposit signature for fork version " + forkVersion.toHex());
      }
    }
    throw new ClusterConfigException(
        file, "$.distributed_validators", "deposit signatures fail as a batch");
  }

  private static List<String> checkOperatorSignatures(
      final ClusterLock lock, final String file, final boolean required) {
    final List<String> warnings = new ArrayList<>();
    final List<Operator> operators = lock.definition().operators();
    if (lock.operatorSignatures().size() != operators.size()) {
      throw new ClusterConfigException(
          file,
          "$.operator_signatures",
          "has "
              + lock.operatorSignatures().size()
              + " entries for "
              + operators.size()
              + " operators");
    }
    for (int i = 0; i < operators.size(); i++) {
      final String path = "$.operator_signatures[" + i + "]";
      final Operator operator = operators.get(i);
      final Optional<Bytes> signature = lock.operatorSignatures().get(i);
      if (signature.isEmpty() && !required) {
        warnings.add(
            file + ": " + path + ": warning: operator '" + operator.name() + "' has not signed");
        continue;
      }
      if (signature.isEmpty()) {
        throw new ClusterConfigException(
            file, path, "missing: operator '" + operator.name() + "' has not signed the lock hash");
      }
      final Secp256k1PublicKey key = ClusterJson.secp256k1Key(operator.peerId()).orElseThrow();
      if (!key.verify(lock.lockHash().toArray(), signature.get().toArray())) {
        throw new ClusterConfigException(
            file,
            path,
            "not a valid signature of the lock hash by operator '"
                + operator.name()
                + "' ("
                + operator.peerId().toBase58()
                + ")");
      }
    }
    return warnings;
  }

  private static void checkAggregateSignature(final ClusterLock lock, final String file) {
    final List<BlsPublicKey> shares =
        lock.validators().stream().flatMap(v -> v.publicShares().stream()).toList();
    if (!Bls.fastAggregateVerify(shares, lock.lockHash().toArray(), lock.aggregateSignature())) {
      throw new ClusterConfigException(
          file,
          "$.aggregate_signature",
          "is not the aggregate BLS signature of the lock hash by every public share");
    }
  }
}
