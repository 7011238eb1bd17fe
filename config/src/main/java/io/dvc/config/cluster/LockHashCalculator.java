package io.dvc.config.cluster;

import static io.dvc.spec.ssz.Ssz.BYTES20;
import static io.dvc.spec.ssz.Ssz.BYTES32;
import static io.dvc.spec.ssz.Ssz.BYTES4;
import static io.dvc.spec.ssz.Ssz.BYTES48;
import static io.dvc.spec.ssz.Ssz.UINT64;
import static io.dvc.spec.ssz.Ssz.UINT8;
import static io.dvc.spec.ssz.Ssz.byteList;
import static io.dvc.spec.ssz.Ssz.list;

import io.dvc.bls.BlsPublicKey;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.ContainerType;
import io.dvc.spec.types.DepositData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The lock hash: SSZ {@code hash_tree_root} of the lock content (version, definition and
 * validators; not the signatures). The SSZ schema is declared here once:
 *
 * <pre>
 * class Operator(Container):        name: ByteList[256]; peer_id: ByteList[64];
 *                                   addresses: List[ByteList[256], 16]
 * class ClusterDefinition(Container): version: ByteList[64]; name: ByteList[256];
 *                                   network: ByteList[64]; fork_version: Bytes4;
 *                                   operators: List[Operator, 255]; threshold: uint64;
 *                                   num_validators: uint64; withdrawal_address: Bytes20;
 *                                   withdrawal_type: uint8; fee_recipient: Bytes20;
 *                                   deposit_amount_gwei: uint64
 * class DistributedValidator(Container): distributed_public_key: Bytes48;
 *                                   public_shares: List[Bytes48, 255];
 *                                   feldman_commitments: List[Bytes48, 255]; deposit_data: DepositData
 * class ClusterLockContent(Container): version: ByteList[64]; definition: ClusterDefinition;
 *                                   distributed_validators: List[DistributedValidator, 65536]
 * class ReshareLockContent(Container): version: ByteList[64]; definition: ClusterDefinition;
 *                                   distributed_validators: List[DistributedValidator, 65536];
 *                                   predecessor_lock_hash: Bytes32
 * </pre>
 *
 * A lock without predecessor (version {@code dvc/cluster-lock/v1}) hashes as {@code
 * ClusterLockContent}, a reshared lock ({@code dvc/cluster-lock/v2}) as {@code ReshareLockContent}.
 * The version is the first field of both, so the two never share a hash.
 *
 * <p>Strings are their UTF-8 bytes, peer ids their binary multihash, multiaddrs their binary form.
 */
public final class LockHashCalculator {
  public static final int MAX_TEXT = 256;
  public static final int MAX_VERSION = 64;
  public static final int MAX_PEER_ID = 64;
  public static final int MAX_ADDRESSES = 16;
  public static final int MAX_OPERATORS = 255;
  public static final int MAX_VALIDATORS = 65_536;

  /** SSZ form of an operator. */
  public record OperatorSsz(Bytes name, Bytes peerId, List<Bytes> addresses) {}

  /** SSZ form of a definition. */
  public record DefinitionSsz(
      Bytes version,
      Bytes name,
      Bytes network,
      Bytes forkVersion,
      List<OperatorSsz> operators,
      long threshold,
      long numValidators,
      Bytes withdrawalAddress,
      long withdrawalType,
      Bytes feeRecipient,
      long depositAmountGwei) {}

  /** SSZ form of a distributed validator. */
  public record ValidatorSsz(
      Bytes distributedPublicKey,
      List<Bytes> publicShares,
      List<Bytes> feldmanCommitments,
      DepositData depositData) {}

  /** SSZ form of the lock content. */
  public record LockContentSsz(
      Bytes version, DefinitionSsz definition, List<ValidatorSsz> distributedValidators) {}

  /** SSZ form of a reshared lock's content. */
  public record ReshareLockContentSsz(
      Bytes version,
      DefinitionSsz definition,
      List<ValidatorSsz> distributedValidators,
      Bytes predecessorLockHash) {}

  public static final ContainerType<OperatorSsz> OPERATOR =
      ContainerType.of(
          "Operator",
          OperatorSsz.class,
          byteList(MAX_TEXT),
          byteList(MAX_PEER_ID),
          list(byteList(MAX_TEXT), MAX_ADDRESSES));
  public static final ContainerType<DefinitionSsz> DEFINITION =
      ContainerType.of(
          "ClusterDefinition",
          DefinitionSsz.class,
          byteList(MAX_VERSION),
          byteList(MAX_TEXT),
          byteList(MAX_VERSION),
          BYTES4,
          list(OPERATOR, MAX_OPERATORS),
          UINT64,
          UINT64,
          BYTES20,
          UINT8,
          BYTES20,
          UINT64);
  public static final ContainerType<ValidatorSsz> VALIDATOR =
      ContainerType.of(
          "DistributedValidator",
          ValidatorSsz.class,
          BYTES48,
          list(BYTES48, MAX_OPERATORS),
          list(BYTES48, MAX_OPERATORS),
          Schemas.MAINNET.depositData);
  public static final ContainerType<LockContentSsz> LOCK_CONTENT =
      ContainerType.of(
          "ClusterLockContent",
          LockContentSsz.class,
          byteList(MAX_VERSION),
          DEFINITION,
          list(VALIDATOR, MAX_VALIDATORS));
  public static final ContainerType<ReshareLockContentSsz> RESHARE_LOCK_CONTENT =
      ContainerType.of(
          "ReshareLockContent",
          ReshareLockContentSsz.class,
          byteList(MAX_VERSION),
          DEFINITION,
          list(VALIDATOR, MAX_VALIDATORS),
          BYTES32);

  private LockHashCalculator() {}

  /** hash_tree_root of the definition (identifies what was agreed before keys existed). */
  public static Bytes definitionHash(final ClusterDefinition definition) {
    return DEFINITION.hashTreeRoot(toSsz(definition));
  }

  /** The lock hash of a lock's content (its version, definition and validators). */
  public static Bytes lockHash(
      final String version,
      final ClusterDefinition definition,
      final List<DistributedValidator> validators) {
    return lockHash(version, definition, validators, Optional.empty());
  }

  /**
   * The lock hash of a lock's content; with a predecessor it is the {@code ReshareLockContent}
   * root.
   */
  public static Bytes lockHash(
      final String version,
      final ClusterDefinition definition,
      final List<DistributedValidator> validators,
      final Optional<Bytes> predecessorLockHash) {
    final List<ValidatorSsz> ssz = validators.stream().map(LockHashCalculator::toSsz).toList();
    if (predecessorLockHash.isPresent()) {
      return RESHARE_LOCK_CONTENT.hashTreeRoot(
          new ReshareLockContentSsz(
              utf8(version), toSsz(definition), ssz, predecessorLockHash.get()));
    }
    return LOCK_CONTENT.hashTreeRoot(new LockContentSsz(utf8(version), toSsz(definition), ssz));
  }

  public static Bytes lockHash(final ClusterLock lock) {
    return lockHash(
        lock.version(), lock.definition(), lock.validators(), lock.predecessorLockHash());
  }

  static DefinitionSsz toSsz(final ClusterDefinition d) {
    return new DefinitionSsz(
        utf8(d.version()),
        utf8(d.name()),
        utf8(d.network().name()),
        d.network().genesisForkVersion(),
        d.operators().stream().map(LockHashCalculator::toSsz).toList(),
        d.threshold(),
        d.numValidators(),
        d.withdrawalAddress(),
        d.withdrawalType().prefix(),
        d.feeRecipient(),
        d.depositAmountGwei());
  }

  private static OperatorSsz toSsz(final Operator o) {
    return new OperatorSsz(
        utf8(o.name()),
        Bytes.of(o.peerId().toBytes()),
        o.addresses().stream().map(a -> Bytes.of(a.toBytes())).toList());
  }

  private static ValidatorSsz toSsz(final DistributedValidator v) {
    return new ValidatorSsz(
        key(v.distributedPublicKey()),
        v.publicShares().stream().map(LockHashCalculator::key).toList(),
        v.feldmanCommitments().stream().map(LockHashCalculator::key).toList(),
        v.depositData());
  }

  private static Bytes key(final BlsPublicKey key) {
    return Bytes.of(key.toBytes());
  }

  static Bytes utf8(final String text) {
    return Bytes.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
