package io.dvc.spec;

import static io.dvc.spec.ssz.Ssz.BYTES20;
import static io.dvc.spec.ssz.Ssz.BYTES32;
import static io.dvc.spec.ssz.Ssz.BYTES4;
import static io.dvc.spec.ssz.Ssz.BYTES48;
import static io.dvc.spec.ssz.Ssz.BYTES96;
import static io.dvc.spec.ssz.Ssz.UINT256;
import static io.dvc.spec.ssz.Ssz.UINT64;
import static io.dvc.spec.ssz.Ssz.bitlist;
import static io.dvc.spec.ssz.Ssz.bitvector;
import static io.dvc.spec.ssz.Ssz.byteList;
import static io.dvc.spec.ssz.Ssz.byteVector;
import static io.dvc.spec.ssz.Ssz.list;
import static io.dvc.spec.ssz.Ssz.vector;

import io.dvc.spec.ssz.ContainerType;
import io.dvc.spec.ssz.SszType;
import io.dvc.spec.types.*;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every consensus type of every fork, declared once as an SSZ schema for one preset. The schema of
 * a type drives its serialization, hash_tree_root and Beacon-API JSON. Fork-independent types are
 * fields; fork-dependent ones are looked up with {@link #type(ForkName, String)} or the per-fork
 * accessors.
 */
public final class Schemas {
  private static final Map<Preset, Schemas> CACHE = new ConcurrentHashMap<>();

  /** The mainnet preset schemas (the reference vectors use mainnet). */
  public static final Schemas MAINNET = forPreset(Preset.MAINNET);

  private final Preset preset;

  public final ContainerType<Fork> fork;
  public final ContainerType<ForkData> forkData;
  public final ContainerType<SigningData> signingData;
  public final ContainerType<Checkpoint> checkpoint;
  public final ContainerType<AttestationData> attestationData;
  public final ContainerType<Attestation> phase0Attestation;
  public final ContainerType<Attestation> electraAttestation;
  public final ContainerType<SingleAttestation> singleAttestation;
  public final ContainerType<IndexedAttestation> phase0IndexedAttestation;
  public final ContainerType<IndexedAttestation> electraIndexedAttestation;
  public final ContainerType<AggregateAndProof> phase0AggregateAndProof;
  public final ContainerType<AggregateAndProof> electraAggregateAndProof;
  public final ContainerType<SignedAggregateAndProof> phase0SignedAggregateAndProof;
  public final ContainerType<SignedAggregateAndProof> electraSignedAggregateAndProof;
  public final ContainerType<BeaconBlockHeader> beaconBlockHeader;
  public final ContainerType<SignedBeaconBlockHeader> signedBeaconBlockHeader;
  public final ContainerType<Eth1Data> eth1Data;
  public final ContainerType<ProposerSlashing> proposerSlashing;
  public final ContainerType<AttesterSlashing> phase0AttesterSlashing;
  public final ContainerType<AttesterSlashing> electraAttesterSlashing;
  public final ContainerType<DepositMessage> depositMessage;
  public final ContainerType<DepositData> depositData;
  public final ContainerType<Deposit> deposit;
  public final ContainerType<VoluntaryExit> voluntaryExit;
  public final ContainerType<SignedVoluntaryExit> signedVoluntaryExit;
  public final ContainerType<SyncAggregate> syncAggregate;
  public final ContainerType<SyncCommitteeMessage> syncCommitteeMessage;
  public final ContainerType<SyncAggregatorSelectionData> syncAggregatorSelectionData;
  public final ContainerType<SyncCommitteeContribution> syncCommitteeContribution;
  public final ContainerType<ContributionAndProof> contributionAndProof;
  public final ContainerType<SignedContributionAndProof> signedContributionAndProof;
  public final ContainerType<ValidatorRegistrationV1> validatorRegistrationV1;
  public final ContainerType<SignedValidatorRegistrationV1> signedValidatorRegistrationV1;
  public final ContainerType<Withdrawal> withdrawal;
  public final ContainerType<BlsToExecutionChange> blsToExecutionChange;
  public final ContainerType<SignedBlsToExecutionChange> signedBlsToExecutionChange;
  public final ContainerType<DepositRequest> depositRequest;
  public final ContainerType<WithdrawalRequest> withdrawalRequest;
  public final ContainerType<ConsolidationRequest> consolidationRequest;
  public final ContainerType<ExecutionRequests> executionRequests;
  public final ContainerType<ExecutionPayload> executionPayloadBellatrix;
  public final ContainerType<ExecutionPayload> executionPayloadCapella;
  public final ContainerType<ExecutionPayload> executionPayloadDeneb;
  public final ContainerType<ExecutionPayloadHeader> executionPayloadHeaderBellatrix;
  public final ContainerType<ExecutionPayloadHeader> executionPayloadHeaderCapella;
  public final ContainerType<ExecutionPayloadHeader> executionPayloadHeaderDeneb;

  private final Map<ForkName, ForkSchemas> forks = new EnumMap<>(ForkName.class);

  /** The schemas of a preset (cached). */
  public static Schemas forPreset(final Preset preset) {
    return CACHE.computeIfAbsent(preset, Schemas::new);
  }

  private Schemas(final Preset p) {
    this.preset = p;
    fork = ContainerType.of("Fork", Fork.class, BYTES4, BYTES4, UINT64);
    forkData = ContainerType.of("ForkData", ForkData.class, BYTES4, BYTES32);
    signingData = ContainerType.of("SigningData", SigningData.class, BYTES32, BYTES32);
    checkpoint = ContainerType.of("Checkpoint", Checkpoint.class, UINT64, BYTES32);
    attestationData =
        ContainerType.of(
            "AttestationData",
            AttestationData.class,
            UINT64,
            UINT64,
            BYTES32,
            checkpoint,
            checkpoint);
    final long electraAttesters = p.maxValidatorsPerCommittee() * p.maxCommitteesPerSlot();
    phase0Attestation =
        ContainerType.of(
            "Attestation",
            Phase0Attestation.class,
            bitlist(p.maxValidatorsPerCommittee()),
            attestationData,
            BYTES96);
    electraAttestation =
        ContainerType.of(
            "Attestation",
            ElectraAttestation.class,
            bitlist(electraAttesters),
            attestationData,
            BYTES96,
            bitvector((int) p.maxCommitteesPerSlot()));
    singleAttestation =
        ContainerType.of(
            "SingleAttestation", SingleAttestation.class, UINT64, UINT64, attestationData, BYTES96);
    phase0IndexedAttestation =
        ContainerType.of(
            "IndexedAttestation",
            IndexedAttestation.class,
            list(UINT64, p.maxValidatorsPerCommittee()),
            attestationData,
            BYTES96);
    electraIndexedAttestation =
        ContainerType.of(
            "IndexedAttestation",
            IndexedAttestation.class,
            list(UINT64, electraAttesters),
            attestationData,
            BYTES96);
    phase0AggregateAndProof =
        ContainerType.of(
            "AggregateAndProof", AggregateAndProof.class, UINT64, phase0Attestation, BYTES96);
    electraAggregateAndProof =
        ContainerType.of(
            "AggregateAndProof", AggregateAndProof.class, UINT64, electraAttestation, BYTES96);
    phase0SignedAggregateAndProof =
        ContainerType.of(
            "SignedAggregateAndProof",
            SignedAggregateAndProof.class,
            phase0AggregateAndProof,
            BYTES96);
    electraSignedAggregateAndProof =
        ContainerType.of(
            "SignedAggregateAndProof",
            SignedAggregateAndProof.class,
            electraAggregateAndProof,
            BYTES96);
    beaconBlockHeader =
        ContainerType.of(
            "BeaconBlockHeader",
            BeaconBlockHeader.class,
            UINT64,
            UINT64,
            BYTES32,
            BYTES32,
            BYTES32);
    signedBeaconBlockHeader =
        ContainerType.of(
            "SignedBeaconBlockHeader", SignedBeaconBlockHeader.class, beaconBlockHeader, BYTES96);
    eth1Data = ContainerType.of("Eth1Data", Eth1Data.class, BYTES32, UINT64, BYTES32);
    proposerSlashing =
        ContainerType.of(
            "ProposerSlashing",
            ProposerSlashing.class,
            signedBeaconBlockHeader,
            signedBeaconBlockHeader);
    phase0AttesterSlashing =
        ContainerType.of(
            "AttesterSlashing",
            AttesterSlashing.class,
            phase0IndexedAttestation,
            phase0IndexedAttestation);
    electraAttesterSlashing =
        ContainerType.of(
            "AttesterSlashing",
            AttesterSlashing.class,
            electraIndexedAttestation,
            electraIndexedAttestation);
    depositMessage =
        ContainerType.of("DepositMessage", DepositMessage.class, BYTES48, BYTES32, UINT64);
    depositData =
        ContainerType.of("DepositData", DepositData.class, BYTES48, BYTES32, UINT64, BYTES96);
    deposit =
        ContainerType.of(
            "Deposit",
            Deposit.class,
            vector(BYTES32, Preset.DEPOSIT_CONTRACT_TREE_DEPTH + 1),
            depositData);
    voluntaryExit = ContainerType.of("VoluntaryExit", VoluntaryExit.class, UINT64, UINT64);
    signedVoluntaryExit =
        ContainerType.of("SignedVoluntaryExit", SignedVoluntaryExit.class, voluntaryExit, BYTES96);
    syncAggregate =
        ContainerType.of(
            "SyncAggregate", SyncAggregate.class, bitvector((int) p.syncCommitteeSize()), BYTES96);
    syncCommitteeMessage =
        ContainerType.of(
            "SyncCommitteeMessage", SyncCommitteeMessage.class, UINT64, BYTES32, UINT64, BYTES96);
    syncAggregatorSelectionData =
        ContainerType.of(
            "SyncAggregatorSelectionData", SyncAggregatorSelectionData.class, UINT64, UINT64);
    syncCommitteeContribution =
        ContainerType.of(
            "SyncCommitteeContribution",
            SyncCommitteeContribution.class,
            UINT64,
            BYTES32,
            UINT64,
            bitvector((int) p.syncSubcommitteeSize()),
            BYTES96);
    contributionAndProof =
        ContainerType.of(
            "ContributionAndProof",
            ContributionAndProof.class,
            UINT64,
            syncCommitteeContribution,
            BYTES96);
    signedContributionAndProof =
        ContainerType.of(
            "SignedContributionAndProof",
            SignedContributionAndProof.class,
            contributionAndProof,
            BYTES96);
    validatorRegistrationV1 =
        ContainerType.of(
            "ValidatorRegistrationV1",
            ValidatorRegistrationV1.class,
            BYTES20,
            UINT64,
            UINT64,
            BYTES48);
    signedValidatorRegistrationV1 =
        ContainerType.of(
            "SignedValidatorRegistrationV1",
            SignedValidatorRegistrationV1.class,
            validatorRegistrationV1,
            BYTES96);
    withdrawal = ContainerType.of("Withdrawal", Withdrawal.class, UINT64, UINT64, BYTES20, UINT64);
    blsToExecutionChange =
        ContainerType.of(
            "BLSToExecutionChange", BlsToExecutionChange.class, UINT64, BYTES48, BYTES20);
    signedBlsToExecutionChange =
        ContainerType.of(
            "SignedBLSToExecutionChange",
            SignedBlsToExecutionChange.class,
            blsToExecutionChange,
            BYTES96);
    depositRequest =
        ContainerType.of(
            "DepositRequest", DepositRequest.class, BYTES48, BYTES32, UINT64, BYTES96, UINT64);
    withdrawalRequest =
        ContainerType.of("WithdrawalRequest", WithdrawalRequest.class, BYTES20, BYTES48, UINT64);
    consolidationRequest =
        ContainerType.of(
            "ConsolidationRequest", ConsolidationRequest.class, BYTES20, BYTES48, BYTES48);
    executionRequests =
        ContainerType.of(
            "ExecutionRequests",
            ExecutionRequests.class,
            list(depositRequest, p.maxDepositRequestsPerPayload()),
            list(withdrawalRequest, p.maxWithdrawalRequestsPerPayload()),
            list(consolidationRequest, p.maxConsolidationRequestsPerPayload()));

    final SszType<?>[] payloadPrefix = {
      BYTES32,
      BYTES20,
      BYTES32,
      BYTES32,
      byteVector((int) p.bytesPerLogsBloom()),
      BYTES32,
      UINT64,
      UINT64,
      UINT64,
      UINT64,
      byteList(p.maxExtraDataBytes()),
      UINT256,
      BYTES32
    };
    final SszType<?> transactions =
        list(byteList(p.maxBytesPerTransaction()), p.maxTransactionsPerPayload());
    final SszType<?> withdrawals = list(withdrawal, p.maxWithdrawalsPerPayload());
    executionPayloadBellatrix =
        ContainerType.of(
            "ExecutionPayload",
            ExecutionPayloadBellatrix.class,
            concat(payloadPrefix, transactions));
    executionPayloadCapella =
        ContainerType.of(
            "ExecutionPayload",
            ExecutionPayloadCapella.class,
            concat(payloadPrefix, transactions, withdrawals));
    executionPayloadDeneb =
        ContainerType.of(
            "ExecutionPayload",
            ExecutionPayloadDeneb.class,
            concat(payloadPrefix, transactions, withdrawals, UINT64, UINT64));
    executionPayloadHeaderBellatrix =
        ContainerType.of(
            "ExecutionPayloadHeader",
            ExecutionPayloadHeaderBellatrix.class,
            concat(payloadPrefix, BYTES32));
    executionPayloadHeaderCapella =
        ContainerType.of(
            "ExecutionPayloadHeader",
            ExecutionPayloadHeaderCapella.class,
            concat(payloadPrefix, BYTES32, BYTES32));
    executionPayloadHeaderDeneb =
        ContainerType.of(
            "ExecutionPayloadHeader",
            ExecutionPayloadHeaderDeneb.class,
            concat(payloadPrefix, BYTES32, BYTES32, UINT64, UINT64));
    for (final ForkName forkName : ForkName.values()) {
      forks.put(forkName, new ForkSchemas(this, forkName));
    }
  }

  private static SszType<?>[] concat(final SszType<?>[] prefix, final SszType<?>... rest) {
    final SszType<?>[] all = java.util.Arrays.copyOf(prefix, prefix.length + rest.length);
    System.arraycopy(rest, 0, all, prefix.length, rest.length);
    return all;
  }

  public Preset preset() {
    return preset;
  }

  /** The schemas that differ per fork (attestations, aggregates, blocks). */
  public ForkSchemas at(final ForkName forkName) {
    return forks.get(forkName);
  }

  /**
   * A type by its spec name as it exists at a fork ({@code "Attestation"} at {@code ELECTRA} is the
   * Electra form); empty when the type does not exist at that fork.
   */
  public java.util.Optional<ContainerType<?>> type(final ForkName forkName, final String typeName) {
    return java.util.Optional.ofNullable(at(forkName).byName().get(typeName));
  }

  /** Builds the name map of one fork. */
  static Map<String, ContainerType<?>> namesAt(final Schemas s, final ForkSchemas f) {
    final Map<String, ContainerType<?>> names = new LinkedHashMap<>();
    final ForkName forkName = f.forkName();
    for (final ContainerType<?> t :
        java.util.List.of(
            s.fork,
            s.forkData,
            s.signingData,
            s.checkpoint,
            s.attestationData,
            s.beaconBlockHeader,
            s.signedBeaconBlockHeader,
            s.eth1Data,
            s.proposerSlashing,
            s.depositMessage,
            s.depositData,
            s.deposit,
            s.voluntaryExit,
            s.signedVoluntaryExit)) {
      names.put(t.name(), t);
    }
    for (final ContainerType<?> t :
        java.util.List.of(
            f.attestation(),
            f.indexedAttestation(),
            f.attesterSlashing(),
            f.aggregateAndProof(),
            f.signedAggregateAndProof(),
            f.beaconBlockBody(),
            f.beaconBlock(),
            f.signedBeaconBlock())) {
      names.put(t.name(), t);
    }
    if (forkName.isAtLeast(ForkName.ALTAIR)) {
      for (final ContainerType<?> t :
          java.util.List.of(
              s.syncAggregate,
              s.syncCommitteeMessage,
              s.syncAggregatorSelectionData,
              s.syncCommitteeContribution,
              s.contributionAndProof,
              s.signedContributionAndProof)) {
        names.put(t.name(), t);
      }
    }
    if (forkName.isAtLeast(ForkName.BELLATRIX)) {
      names.put(s.validatorRegistrationV1.name(), s.validatorRegistrationV1);
      names.put(s.signedValidatorRegistrationV1.name(), s.signedValidatorRegistrationV1);
      f.executionPayload().ifPresent(t -> names.put(t.name(), t));
      f.executionPayloadHeader().ifPresent(t -> names.put(t.name(), t));
      f.blindedBeaconBlockBody().ifPresent(t -> names.put(t.name(), t));
      f.blindedBeaconBlock().ifPresent(t -> names.put(t.name(), t));
      f.signedBlindedBeaconBlock().ifPresent(t -> names.put(t.name(), t));
      f.blockContents().ifPresent(t -> names.put(t.name(), t));
      f.signedBlockContents().ifPresent(t -> names.put(t.name(), t));
    }
    if (forkName.isAtLeast(ForkName.CAPELLA)) {
      names.put(s.withdrawal.name(), s.withdrawal);
      names.put(s.blsToExecutionChange.name(), s.blsToExecutionChange);
      names.put(s.signedBlsToExecutionChange.name(), s.signedBlsToExecutionChange);
    }
    if (forkName.isAtLeast(ForkName.ELECTRA)) {
      for (final ContainerType<?> t :
          java.util.List.of(
              s.singleAttestation,
              s.depositRequest,
              s.withdrawalRequest,
              s.consolidationRequest,
              s.executionRequests)) {
        names.put(t.name(), t);
      }
    }
    return Collections.unmodifiableMap(names);
  }
}
